import fs from 'node:fs/promises';
import path from 'node:path';
import { ChunkLocations, ChunkStore, type StoredChunk } from '../../index/chunkStore.ts';
import { readCurrent } from '../../index/generations.ts';
import { GenerationWriter } from '../../index/generationWriter.ts';
import { readLocations } from '../../index/indexSnapshot.ts';
import { defaultStemmer } from '../../text/stemmer.ts';
import { indexFiles, readManifest, verifyFiles, type ArticleEntry, type Manifest } from '../../index/manifest.ts';
import { residentMemory } from '../child.ts';
import { chunksOf, corpusWithChunks } from '../corpus.ts';
import { Random } from '../random.ts';
import { summarize, type Summary } from '../stats.ts';

export interface StoreBuildJob {
  type: 'store-build';
  size: number;
  /** The index folder to write one generation into. */
  folder: string;
  seed: number;
  xquadDir: string | undefined;
  chunk: { maxTokens: number; overlapSentences: number };
  dimension: number;
}

export interface StoreBuildResult {
  writeMs: number;
  segmentBytes: number;
  locationsBytes: number;
  manifestBytes: number;
}

/** Chunks generated for real, reused round-robin with their own ids beyond this many. */
const POOL = 20_000;
/** Chunks per article in the synthetic manifest (close to what the generated corpus gives). */
const CHUNKS_PER_ARTICLE = 9;

/**
 * A chunk store of `size` chunks laid out as reindex writes it (one segment, the locations table,
 * a manifest listing articles and their labels, with checksums), from generated chunk texts and
 * random int8 sentence vectors.
 */
export async function buildStoreJob(job: StoreBuildJob): Promise<StoreBuildResult> {
  const pool = chunksOf(corpusWithChunks(Math.min(job.size, POOL), job.chunk, { seed: job.seed, xquadDir: job.xquadDir }), job.chunk);
  const random = new Random(job.seed);
  const vector = () => {
    const out = new Int8Array(job.dimension);
    for (let i = 0; i < out.length; i += 1) out[i] = random.int(255) - 127;
    return out;
  };
  const vectors = Array.from({ length: 64 }, vector);
  await fs.rm(job.folder, { recursive: true, force: true });
  await fs.mkdir(job.folder, { recursive: true });
  const started = performance.now();
  const writer = await GenerationWriter.begin(job.folder, new Date(0));
  const locations = ChunkLocations.empty();
  const segment = await writer.newSegment(locations);
  // Appended in slices so that a million chunks never sit in memory at once.
  const slice = 50_000;
  for (let from = 0; from < job.size; from += slice) {
    const records: StoredChunk[] = [];
    for (let label = from; label < Math.min(job.size, from + slice); label += 1) {
      const chunk = pool[label % pool.length]!;
      records.push({
        ...chunk,
        id: `${chunk.id}-${label}`,
        articleId: `bench-${Math.floor(label / CHUNKS_PER_ARTICLE)}`,
        label,
        sentenceVectors: chunk.sentences.map((_, i) => vectors[(label + i) % vectors.length]!),
      });
    }
    await segment.append(records);
  }
  await segment.close();
  await writer.writeLocations(locations, job.size);
  const manifest = await writer.publish({
    model: { id: 'bench/synthetic-vectors', dimension: job.dimension, queryPrefix: '', passagePrefix: '' },
    chunker: { maxTokens: job.chunk.maxTokens, overlapSentences: job.chunk.overlapSentences },
    hnsw: { m: 16, efConstruction: 100 },
    nextLabel: job.size,
    // Chunk store only: this job measures the store, not the lexical index.
    lexical: { analysis: defaultStemmer.id, segments: [] },
    articles: syntheticArticles(job.size),
  });
  return {
    writeMs: performance.now() - started,
    segmentBytes: segment.bytes,
    locationsBytes: manifest.files[indexFiles.locations]!.bytes,
    manifestBytes: Buffer.byteLength(JSON.stringify(manifest)),
  };
}

/** Articles of CHUNKS_PER_ARTICLE consecutive labels each, for the manifest. */
function syntheticArticles(size: number): ArticleEntry[] {
  const articles: ArticleEntry[] = [];
  const now = new Date(0).toISOString();
  for (let first = 0; first < size; first += CHUNKS_PER_ARTICLE) {
    const labels = Array.from({ length: Math.min(CHUNKS_PER_ARTICLE, size - first) }, (_, i) => first + i);
    const n = first / CHUNKS_PER_ARTICLE;
    articles.push({
      id: `bench-${n}`,
      file: `bench-${n}.md`,
      title: `Bench article ${n}`,
      source: 'Bench Wire',
      url: `https://example.org/bench/${n}`,
      published: '2024-01-01',
      language: n % 5 < 3 ? 'ar' : 'en',
      contentHash: 'f'.repeat(64),
      labels,
      embedded: true,
      indexedAt: now,
    });
  }
  return articles;
}

export interface StoreMeasureJob {
  type: 'store-measure';
  folder: string;
  loads: number;
  lookups: number;
}

export interface StoreMeasureResult {
  /** Milliseconds to read and validate manifest.json (article entries with every label). */
  manifestMs: Summary;
  /** Milliseconds to read locations.bin and open the segments (ChunkStore.open). */
  storeOpenMs: Summary;
  /** Both: the chunk metadata IndexSnapshot loads besides the vectors and the lexical index. */
  metadataMs: Summary;
  /** Milliseconds IndexSnapshot spends checking every file's size and sha256 at open (measured once). */
  verifyMs: number;
  /** Resident memory the manifest and the store add, bytes. */
  rssBytes: number;
  /** Milliseconds to read 40 random chunks (one question's candidates). */
  get40Ms: Summary;
}

export async function measureStoreJob(job: StoreMeasureJob): Promise<StoreMeasureResult> {
  const folder = path.join(job.folder, (await readCurrent(job.folder)) ?? '');
  const manifestMs: number[] = [];
  const storeOpenMs: number[] = [];
  const before = residentMemory()?.current ?? process.memoryUsage().rss;
  let rssBytes = 0;
  let store: ChunkStore | undefined;
  let manifest: Manifest | undefined;
  for (let load = 0; load < job.loads; load += 1) {
    await store?.close();
    let started = performance.now();
    manifest = await readManifest(folder);
    manifestMs.push(performance.now() - started);
    started = performance.now();
    store = await ChunkStore.open(folder, manifest.segments, await readLocations(folder));
    storeOpenMs.push(performance.now() - started);
    if (load === 0) rssBytes = (residentMemory()?.current ?? process.memoryUsage().rss) - before;
  }
  let started = performance.now();
  await verifyFiles(folder, manifest!, { checksums: true });
  const verifyMs = performance.now() - started;
  const random = new Random(3);
  const get40Ms: number[] = [];
  for (let lookup = 0; lookup < job.lookups; lookup += 1) {
    const labels = Array.from({ length: 40 }, () => random.int(manifest!.nextLabel));
    started = performance.now();
    await store!.get(labels);
    get40Ms.push(performance.now() - started);
  }
  await store!.close();
  return {
    manifestMs: summarize(manifestMs),
    storeOpenMs: summarize(storeOpenMs),
    metadataMs: summarize(manifestMs.map((ms, i) => ms + storeOpenMs[i]!)),
    verifyMs,
    rssBytes,
    get40Ms: summarize(get40Ms),
  };
}
