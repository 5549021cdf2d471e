import fs from 'node:fs/promises';
import path from 'node:path';
import type { Settings } from '../../config/settings.ts';
import { profileFor } from '../../embed/profiles.ts';
import { reindex } from '../../index/reindex.ts';
import type { AppIndexJob, AppIndexResult } from '../appIndex.ts';
import { cacheFolder, isReusable, markComplete, readCompletion } from '../cache.ts';
import type { BenchContext } from '../context.ts';
import { corpusWithChunks } from '../corpus.ts';
import { ensureHnswBuilds } from './growth.ts';

export interface AppIndex {
  /** Settings for a bot that answers from this index (its DATA_DIR points into the cache). */
  settings: Settings;
  chunks: number;
  articles: number;
  bytes: Record<string, number>;
  reused: boolean;
}

function settingsFor(context: BenchContext, folder: string): Settings {
  return {
    ...context.settings,
    dataDir: folder,
    indexDir: path.join(folder, 'index'),
    corpusDir: path.join(folder, 'corpus'),
    feedbackFile: path.join(folder, 'feedback.jsonl'),
    watchCorpus: false,
    logLevel: 'silent',
  };
}

/** A bot-ready index of `size` generated chunks with synthetic clustered vectors (see appIndex.ts). */
export async function ensureLargeIndex(context: BenchContext, size: number, dimension: number): Promise<AppIndex> {
  const [hnsw] = await ensureHnswBuilds(context, [{ kind: 'clustered', size }], dimension, false);
  const profile = context.model?.profile ?? profileFor(context.settings.model.id, context.settings.model);
  const model = { id: context.settings.model.id, dimension, queryPrefix: profile.queryPrefix, passagePrefix: profile.passagePrefix };
  const folder = cacheFolder(context.cacheDir, `app-index-${size}`, { size, model, seed: context.seed, chunk: context.settings.chunk, hnsw: hnsw!.file });
  const settings = settingsFor(context, folder);
  if (await isReusable(folder, context)) {
    const done = await readCompletion<AppIndexResult>(folder);
    return { settings, chunks: done.chunks, articles: done.articles, bytes: done.bytes, reused: true };
  }
  context.log(`writing a bot index of ${size} generated chunks (vectors from the clustered HNSW build)`);
  const job: AppIndexJob = {
    type: 'app-index',
    size,
    indexDir: settings.indexDir,
    hnswFile: hnsw!.file,
    vectorSeed: context.seed,
    seed: context.seed,
    xquadDir: context.xquadDir,
    chunk: context.settings.chunk,
    hnsw: { m: context.settings.hnsw.m, efConstruction: context.settings.hnsw.efConstruction },
    model,
  };
  const { result } = await context.runJob<AppIndexResult>(job, { timeoutMs: 3_600_000 });
  await markComplete(folder, result, context);
  return { settings, chunks: result.chunks, articles: result.articles, bytes: result.bytes, reused: false };
}

/** A bot-ready index of one generated article, embedded by the model. */
export async function ensureSmallIndex(context: BenchContext): Promise<AppIndex> {
  const model = context.model;
  if (!model) throw new Error('the one-article index needs the model');
  const folder = cacheFolder(context.cacheDir, 'app-index-1-article', { model: model.modelId, seed: context.seed, chunk: context.settings.chunk, hnsw: context.settings.hnsw });
  const settings = settingsFor(context, folder);
  if (await isReusable(folder, context)) {
    const done = await readCompletion<{ chunks: number }>(folder);
    return { settings, chunks: done.chunks, articles: 1, bytes: {}, reused: true };
  }
  await fs.rm(folder, { recursive: true, force: true });
  const corpus = corpusWithChunks(1, context.settings.chunk, { seed: context.seed + 3, xquadDir: context.xquadDir });
  const summary = await reindex({
    indexDir: settings.indexDir,
    articles: corpus.articles.slice(0, 1),
    embedder: model,
    chunk: context.settings.chunk,
    hnsw: context.settings.hnsw,
    full: true,
  });
  await markComplete(folder, { chunks: summary.chunks.total }, context);
  return { settings, chunks: summary.chunks.total, articles: 1, bytes: {}, reused: false };
}
