import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Settings } from '../../config/settings.ts';
import type { Article } from '../../corpus/types.ts';
import { startPgliteServer } from '../../eval/pgliteServer.ts';
import { LocalStore } from '../../index/localStore.ts';
import { createPostgresStores } from '../../index/postgres/index.ts';
import type { IndexStore } from '../../index/store.ts';
import { toSearchTerms } from '../../text/terms.ts';
import { corpusWithChunks } from '../corpus.ts';
import { benchQuestions } from '../questions.ts';
import { summarize, type Summary } from '../stats.ts';
import { SyntheticEmbedder } from '../syntheticEmbedder.ts';

export type StoreKind = 'local' | 'pglite' | 'server';

export interface StoresJob {
  type: 'stores';
  chunks: number;
  settings: Pick<Settings, 'chunk' | 'hnsw'>;
  /** A PostgreSQL server to measure besides the local store and PGlite; undefined: none. */
  databaseUrl: string | undefined;
  questions: number;
  warmup: number;
  seed: number;
  xquadDir: string | undefined;
}

/** One store's figures at one size. */
export interface StoreSample {
  store: StoreKind;
  chunks: number;
  articles: number;
  /** Seconds of a full reindex into an empty store. */
  fullReindexSeconds: number;
  /** Seconds of the reindex after one article's content changed (the others unchanged). */
  oneArticleSeconds: number;
  /** Chunks that reindex wrote. */
  oneArticleChunks: number;
  /** Milliseconds per question: dense k=40, lexical k=40, and reading the top chunks of both. */
  dense: Summary;
  lexical: Summary;
  chunkRead: Summary;
}

/** What the job is given to measure in every store: the same corpus, vectors and questions. */
interface Workload {
  articles: Article[];
  embedder: SyntheticEmbedder;
  settings: StoresJob['settings'];
  questions: Array<{ vector: Float32Array; terms: string[] }>;
  warmup: number;
}

/** Candidates each search returns (the bot's default retrieval candidates). */
const K = 40;
/** Chunks read per question: the top few of each ranking, as an answer reads them. */
const READ_PER_RANKING = 5;

async function reindexTwice(store: IndexStore, work: Workload): Promise<Pick<StoreSample, 'chunks' | 'fullReindexSeconds' | 'oneArticleSeconds' | 'oneArticleChunks'>> {
  const request = { articles: work.articles, embedder: work.embedder, chunk: work.settings.chunk, hnsw: work.settings.hnsw };
  let started = performance.now();
  const full = await store.reindex({ ...request, full: true });
  const fullReindexSeconds = (performance.now() - started) / 1000;
  const [first, ...rest] = work.articles;
  if (!first) throw new Error('the stores benchmark corpus has no articles');
  started = performance.now();
  const changed = await store.reindex({ ...request, articles: [{ ...first, contentHash: `${first.contentHash}-changed` }, ...rest], full: false });
  const oneArticleSeconds = (performance.now() - started) / 1000;
  return { chunks: full.chunks.total, fullReindexSeconds, oneArticleSeconds, oneArticleChunks: changed.chunks.added };
}

async function timeQuestions(store: IndexStore, work: Workload): Promise<Pick<StoreSample, 'dense' | 'lexical' | 'chunkRead'>> {
  const reader = await store.open({ expectedModel: { id: work.embedder.modelId, dimension: work.embedder.dimension } });
  if (!reader) throw new Error('the stores benchmark index did not open after its reindex');
  const samples = { dense: [] as number[], lexical: [] as number[], chunkRead: [] as number[] };
  try {
    for (const [i, question] of work.questions.entries()) {
      let started = performance.now();
      const denseHits = await reader.searchDense(question.vector, K);
      const dense = performance.now() - started;
      started = performance.now();
      const lexicalHits = (await reader.searchLexical(question.terms, K)).hits;
      const lexical = performance.now() - started;
      const labels = new Set([...denseHits.slice(0, READ_PER_RANKING), ...lexicalHits.slice(0, READ_PER_RANKING)].map((hit) => hit.label));
      started = performance.now();
      await reader.chunks([...labels]);
      const chunkRead = performance.now() - started;
      if (i < work.warmup) continue;
      samples.dense.push(dense);
      samples.lexical.push(lexical);
      samples.chunkRead.push(chunkRead);
    }
  } finally {
    await reader.close();
  }
  return { dense: summarize(samples.dense), lexical: summarize(samples.lexical), chunkRead: summarize(samples.chunkRead) };
}

async function measureStore(kind: StoreKind, store: IndexStore, work: Workload): Promise<StoreSample> {
  const reindexed = await reindexTwice(store, work);
  return { store: kind, articles: work.articles.length, ...reindexed, ...(await timeQuestions(store, work)) };
}

async function measureLocal(work: Workload): Promise<StoreSample> {
  const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'bench-stores-'));
  try {
    return await measureStore('local', new LocalStore(path.join(folder, 'index'), { efSearch: work.settings.hnsw.efSearch }), work);
  } finally {
    await fs.rm(folder, { recursive: true, force: true });
  }
}

/** The PostgreSQL store at `url`, in a library of its own that is removed afterwards. */
async function measurePostgres(kind: StoreKind, url: string, work: Workload, poolMax: number | undefined): Promise<StoreSample> {
  const stores = await createPostgresStores(url, { efSearch: work.settings.hnsw.efSearch, ...(poolMax !== undefined && { poolMax }) });
  const library = `bench-stores-${process.pid}-${Date.now()}`;
  try {
    return await measureStore(kind, stores.store(library), work);
  } finally {
    await stores.removeLibrary(library).finally(() => stores.close());
  }
}

async function measurePglite(work: Workload): Promise<StoreSample> {
  const server = await startPgliteServer({ maxConnections: 12 });
  try {
    // One connection: PGlite is one session, so more would only queue behind each other.
    return await measurePostgres('pglite', server.url, work, 1);
  } finally {
    await server.stop();
  }
}

async function workloadOf(job: StoresJob): Promise<Workload> {
  const embedder = new SyntheticEmbedder(384);
  const corpus = corpusWithChunks(job.chunks, job.settings.chunk, { seed: job.seed, xquadDir: job.xquadDir });
  const texts = benchQuestions(job.warmup + job.questions, { seed: job.seed, xquadDir: job.xquadDir, arabicShare: 0.6 });
  const questions = await Promise.all(texts.map(async (text) => ({ vector: await embedder.embedQuery(text), terms: toSearchTerms(text, { query: true }) })));
  return { articles: corpus.articles, embedder, settings: job.settings, questions, warmup: job.warmup };
}

/** The local store, PGlite, and the server at `databaseUrl` if given, one after the other on the same workload. */
export async function storesJob(job: StoresJob): Promise<StoreSample[]> {
  const work = await workloadOf(job);
  const samples = [await measureLocal(work), await measurePglite(work)];
  if (job.databaseUrl) samples.push(await measurePostgres('server', job.databaseUrl, work, undefined));
  return samples;
}
