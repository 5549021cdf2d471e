import fs from 'node:fs/promises';
import path from 'node:path';
import { prepareQuestion } from '../../answer/question.ts';
import { App } from '../../app/app.ts';
import { toSearchTerms } from '../../text/terms.ts';
import { retrievalOptionsFrom } from '../../app/retrievalOptions.ts';
import type { Settings } from '../../config/settings.ts';
import type { Embedder } from '../../embed/types.ts';
import { IndexSnapshot } from '../../index/indexSnapshot.ts';
import { reindex } from '../../index/reindex.ts';
import { fuseRankings } from '../../search/fusion.ts';
import { silentLogger } from '../../util/logger.ts';
import { cacheFolder, isReusable, markComplete, readCompletion } from '../cache.ts';
import type { BenchContext } from '../context.ts';
import { corpusWithChunks } from '../corpus.ts';
import { benchQuestions } from '../questions.ts';
import { summarize, type Summary } from '../stats.ts';
import { MixedEmbedder, SyntheticEmbedder } from '../syntheticEmbedder.ts';

export interface QuestionPathOptions {
  /** Chunks in the index questions are asked against. */
  chunks: number;
  /** Chunks embedded by the model; the rest get a real vector with noise added (see MixedEmbedder). */
  realVectors: number;
  questions: number;
  warmup: number;
}

export interface QuestionPathResult {
  chunks: number;
  articles: number;
  vectors: { fromModel: number; synthetic: number; how: string };
  index: { reused: boolean; buildSeconds: number; folder: string };
  questions: number;
  /** Milliseconds per question, each stage timed on its own in the same iteration as the end-to-end call. */
  stages: { embed: Summary; dense: Summary; lexical: Summary; fusion: Summary; chunkRead: Summary; rest: Summary };
  /** App.ask, the bot's whole question path. */
  endToEnd: Summary;
  /** End-to-end p50 over query embedding p50 (target ≤ 1.2). */
  ratio: number;
  /** The same ratio per question, then its spread. */
  pairedRatio: Summary;
}

interface BuildInfo {
  chunks: number;
  articles: number;
  fromModel: number;
  synthetic: number;
  buildSeconds: number;
}

async function buildIndex(context: BenchContext, embedder: Embedder, options: QuestionPathOptions, folder: string): Promise<BuildInfo> {
  const { settings } = context;
  const corpus = corpusWithChunks(options.chunks, settings.chunk, { seed: context.seed, xquadDir: context.xquadDir });
  const mixed = context.model ? new MixedEmbedder(embedder, options.realVectors) : undefined;
  await fs.rm(folder, { recursive: true, force: true });
  const started = performance.now();
  let lastLog = started;
  await reindex({
    indexDir: path.join(folder, 'index'),
    articles: corpus.articles,
    embedder: mixed ?? embedder,
    chunk: settings.chunk,
    hnsw: settings.hnsw,
    full: true,
    onProgress: ({ done, total }) => {
      if (performance.now() - lastLog > 10_000) {
        lastLog = performance.now();
        context.log(`  question path: indexing ${done}/${total} chunks`);
      }
    },
  });
  const info: BuildInfo = {
    chunks: corpus.chunks,
    articles: corpus.articles.length,
    fromModel: mixed ? mixed.realPassages : 0,
    synthetic: mixed ? mixed.syntheticPassages : corpus.chunks,
    buildSeconds: (performance.now() - started) / 1000,
  };
  await markComplete(folder, info, context);
  return info;
}

export interface QuestionTimings {
  questions: number;
  stages: QuestionPathResult['stages'];
  endToEnd: Summary;
  ratio: number;
  pairedRatio: Summary;
}

/**
 * Asks generated questions of the bot's App over an existing index, timing each stage alone and
 * App.ask end to end in the same iteration, alternating which goes first so neither always gets
 * the warmer caches.
 */
export async function measureQuestions(
  context: BenchContext,
  indexSettings: Settings,
  embedder: Embedder,
  options: { questions: number; warmup: number },
): Promise<QuestionTimings> {
  const { settings } = context;
  // App.close disposes its model; the benchmark lends it one it keeps using afterwards.
  const lent: Embedder = {
    modelId: embedder.modelId,
    dimension: embedder.dimension,
    profile: embedder.profile,
    embedQuery: (text) => embedder.embedQuery(text),
    embedPassages: (passages) => embedder.embedPassages(passages),
    dispose: async () => {},
  };
  const app = new App({ settings: indexSettings, logger: silentLogger, loadEmbedder: async () => lent });
  await app.start();
  const snapshot = app.sharedIndex.snapshot;
  if (!(snapshot instanceof IndexSnapshot)) throw new Error(`the benchmark index in ${indexSettings.indexDir} did not open`);
  const retrieval = retrievalOptionsFrom(indexSettings);
  const questions = benchQuestions(options.warmup + options.questions, {
    seed: context.seed,
    xquadDir: context.xquadDir,
    arabicShare: 0.6,
  });
  const samples = { embed: [] as number[], dense: [] as number[], lexical: [] as number[], fusion: [] as number[], chunkRead: [] as number[], rest: [] as number[], endToEnd: [] as number[] };
  try {
    for (const [i, raw] of questions.entries()) {
      const prepared = prepareQuestion(raw, settings.search.maxQuestionChars);
      if (!prepared.ok) continue;
      const text = prepared.text;
      const stages = async () => {
        let at = performance.now();
        const lap = () => {
          const now = performance.now();
          const ms = now - at;
          at = now;
          return ms;
        };
        const vector = await embedder.embedQuery(text);
        const embed = lap();
        const denseHits = await snapshot.searchDense(vector, retrieval.candidates);
        const dense = lap();
        const lexicalHits = (await snapshot.searchLexical(toSearchTerms(text), retrieval.candidates)).hits;
        const lexical = lap();
        const fused = fuseRankings(
          [
            { labels: denseHits.map((hit) => hit.label), weight: retrieval.denseWeight },
            { labels: lexicalHits.map((hit) => hit.label), weight: retrieval.lexicalWeight },
          ],
          retrieval.rrfK,
        ).slice(0, retrieval.candidates);
        const fusion = lap();
        await snapshot.chunks(fused.map((hit) => hit.label));
        const chunkRead = lap();
        return { embed, dense, lexical, fusion, chunkRead };
      };
      const endToEnd = async () => {
        const started = performance.now();
        const result = await app.ask(raw);
        if (!result.ok) throw new Error(`the question "${raw}" was refused: ${result.message}`);
        return performance.now() - started;
      };
      let stage: Awaited<ReturnType<typeof stages>>;
      let total: number;
      if (i % 2 === 0) {
        stage = await stages();
        total = await endToEnd();
      } else {
        total = await endToEnd();
        stage = await stages();
      }
      if (i < options.warmup) continue;
      samples.embed.push(stage.embed);
      samples.dense.push(stage.dense);
      samples.lexical.push(stage.lexical);
      samples.fusion.push(stage.fusion);
      samples.chunkRead.push(stage.chunkRead);
      samples.rest.push(total - (stage.embed + stage.dense + stage.lexical + stage.fusion + stage.chunkRead));
      samples.endToEnd.push(total);
    }
  } finally {
    await app.close();
  }
  const endToEnd = summarize(samples.endToEnd);
  const embed = summarize(samples.embed);
  return {
    questions: samples.endToEnd.length,
    stages: {
      embed,
      dense: summarize(samples.dense),
      lexical: summarize(samples.lexical),
      fusion: summarize(samples.fusion),
      chunkRead: summarize(samples.chunkRead),
      rest: summarize(samples.rest),
    },
    endToEnd,
    ratio: endToEnd.median / embed.median,
    pairedRatio: summarize(samples.endToEnd.map((total, i) => total / samples.embed[i]!)),
  };
}

/**
 * Times one question through the bot: query embedding, dense search, lexical search, fusion,
 * reading the chunks, and the rest of the answer (merging, relevance test, highlights), against an
 * index of `chunks` generated chunks. Stages are timed separately and App.ask end to end, in
 * alternating order so neither gets the warmer caches.
 */
export async function runQuestionPath(context: BenchContext, options: QuestionPathOptions): Promise<QuestionPathResult> {
  const { settings } = context;
  const embedder = context.model ?? new SyntheticEmbedder();
  const folder = cacheFolder(context.cacheDir, 'question-index', {
    model: embedder.modelId,
    chunks: options.chunks,
    realVectors: context.model ? options.realVectors : 0,
    seed: context.seed,
    xquad: context.xquadDir ?? null,
    chunk: settings.chunk,
    hnsw: { m: settings.hnsw.m, efConstruction: settings.hnsw.efConstruction },
  });
  const reused = await isReusable(folder, context);
  context.log(`question path: ${reused ? 'reusing' : 'building'} the ${options.chunks}-chunk index in ${folder}`);
  const info = reused ? await readCompletion<BuildInfo>(folder) : await buildIndex(context, embedder, options, folder);

  const timings = await measureQuestions(
    context,
    { ...settings, indexDir: path.join(folder, 'index'), corpusDir: path.join(folder, 'corpus'), watchCorpus: false },
    embedder,
    options,
  );
  return {
    chunks: info.chunks,
    articles: info.articles,
    vectors: {
      fromModel: info.fromModel,
      synthetic: info.synthetic,
      how: context.model
        ? `the first ${info.fromModel} chunks embedded by the model; each other chunk has the vector of a random one of those plus Gaussian noise of norm 0.5 (cosine ~0.9 to it), normalized`
        : 'no model: every vector is a hash-seeded synthetic vector (SyntheticEmbedder), so the query embedding costs ~0',
    },
    index: { reused, buildSeconds: info.buildSeconds, folder },
    ...timings,
  };
}
