import fs from 'node:fs/promises';
import path from 'node:path';
import { libraryPaths } from '../../app/library.ts';
import type { Settings } from '../../config/settings.ts';
import { reindex } from '../../index/reindex.ts';
import { cacheFolder, isReusable, markComplete, readCompletion } from '../cache.ts';
import type { BenchContext } from '../context.ts';
import { corpusWithChunks, generateArticles } from '../corpus.ts';
import type { Summary } from '../stats.ts';
import { MixedEmbedder, SyntheticEmbedder } from '../syntheticEmbedder.ts';
import { serverIdOf, type LibrariesJob, type LibrariesSample } from './librariesProbe.ts';

export interface LibrariesOptions {
  /** Server libraries besides the shared one. */
  libraries: number;
  /** Chunks in each library (the shared one too). */
  chunksEach: number;
  /** Chunks of each library embedded by the model; the rest get a real vector with noise added (see MixedEmbedder). */
  realVectors: number;
  /** Questions timed in one library, and in open libraries. */
  questions: number;
}

export interface LibrariesResult {
  libraries: number;
  chunksEach: number;
  /** Where the vectors come from. */
  vectors: string;
  build: { reused: boolean; seconds: number };
  /** Milliseconds of a question to the shared library alone (the single-library path). */
  single: Summary;
  /** Milliseconds of each library's first question (it opens then: manifest, checksums, HNSW, lexical index, chunk store). */
  cold: Summary;
  /** Milliseconds of a question in a server whose library is open (its library and the shared one). */
  open: Summary;
  /** open p50 / single p50 (target ≤ 1.2). */
  openRatio: number;
  /** Resident memory with only the shared library open, and with every library open, bytes. */
  rss: { sharedOnly: number; allOpen: number; perLibrary: number };
}

function settingsFor(context: BenchContext, folder: string, count: number): Settings {
  const base = context.settings;
  const shared = path.join(folder, 'shared');
  return {
    ...base,
    dataDir: folder,
    corpusDir: path.join(shared, 'corpus'),
    indexDir: path.join(shared, 'index'),
    feedbackFile: path.join(folder, 'feedback.jsonl'),
    watchCorpus: false,
    libraries: { ...base.libraries, dir: path.join(folder, 'libraries'), idleSeconds: 86_400, maxOpen: count + 1 },
    discord: { ...base.discord, rateLimit: { questions: 1_000_000, windowSeconds: 1 } },
    logLevel: 'silent',
  };
}

/** `count` server libraries of `chunksEach` generated chunks each, and a shared one, indexed as the bot would (cached). */
async function ensureLibraries(context: BenchContext, options: LibrariesOptions): Promise<{ settings: Settings; reused: boolean; seconds: number }> {
  const model = context.model;
  const key = { ...options, questions: undefined, model: model?.modelId ?? 'synthetic', seed: context.seed, chunk: context.settings.chunk, hnsw: context.settings.hnsw };
  const folder = cacheFolder(context.cacheDir, `libraries-${options.libraries}x${options.chunksEach}`, key);
  const settings = settingsFor(context, folder, options.libraries);
  if (await isReusable(folder, context)) return { settings, reused: true, seconds: (await readCompletion<{ seconds: number }>(folder)).seconds };
  await fs.rm(folder, { recursive: true, force: true });
  const started = performance.now();
  const ids = ['shared', ...Array.from({ length: options.libraries }, (_, i) => serverIdOf(i))];
  for (const [i, id] of ids.entries()) {
    if (i % 20 === 0) context.log(`libraries: indexing library ${i + 1}/${ids.length}`);
    const paths = libraryPaths(id, settings);
    const seed = context.seed + 1000 + i;
    const corpusOptions = { seed, xquadDir: context.xquadDir };
    const corpus = corpusWithChunks(options.chunksEach, settings.chunk, corpusOptions);
    await fs.mkdir(paths.corpusDir, { recursive: true });
    for (const article of generateArticles(corpus.articles.length, { ...corpusOptions, arabicShare: 0.6, paragraphs: [3, 8] })) {
      await fs.writeFile(path.join(paths.corpusDir, article.file), article.text);
    }
    const embedder = model ? new MixedEmbedder(model, options.realVectors) : new SyntheticEmbedder();
    await reindex({ indexDir: paths.indexDir, articles: corpus.articles, embedder, chunk: settings.chunk, hnsw: settings.hnsw, full: true });
  }
  const seconds = (performance.now() - started) / 1000;
  await markComplete(folder, { seconds }, context);
  return { settings, reused: false, seconds };
}

/**
 * Many server libraries on one bot: their first questions (each opens its library), questions
 * to open ones against the single-library path, and the memory with all of them open, in a
 * fresh process.
 */
export async function runLibraries(context: BenchContext, options: LibrariesOptions): Promise<LibrariesResult> {
  const { settings, reused, seconds } = await ensureLibraries(context, options);
  context.log(`libraries: ${options.libraries} libraries of ${options.chunksEach} chunks, first and later questions in a fresh process`);
  const job: LibrariesJob = {
    type: 'libraries',
    settings,
    synthetic: !context.model,
    libraries: options.libraries,
    questions: options.questions,
    seed: context.seed,
    xquadDir: context.xquadDir,
  };
  const { result } = await context.runJob<LibrariesSample>(job, { timeoutMs: 1_800_000, execArgv: ['--import', 'tsx', '--expose-gc'] });
  return {
    libraries: options.libraries,
    chunksEach: options.chunksEach,
    vectors: context.model ? `the model for ${options.realVectors} chunks of each library, the rest borrowed with noise (MixedEmbedder)` : 'no model: synthetic vectors (SyntheticEmbedder)',
    build: { reused, seconds },
    ...result,
    openRatio: result.open.median / result.single.median,
  };
}
