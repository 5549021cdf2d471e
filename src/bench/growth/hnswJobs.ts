import fs from 'node:fs/promises';
import hnswlib from 'hnswlib-node';
import { HnswIndex } from '../../index/hnswIndex.ts';
import { residentMemory } from '../child.ts';
import { summarize, type Summary } from '../stats.ts';
import { bruteForceTopK, recallAt, syntheticVectors, vectorAt, type VectorKind } from '../vectors.ts';

export interface HnswBuildJob {
  type: 'hnsw-build';
  kind: VectorKind;
  size: number;
  dimension: number;
  seed: number;
  m: number;
  efConstruction: number;
  file: string;
}

export interface HnswBuildResult {
  buildMs: number;
  /** Insertions per second in each tenth of the build (the graph gets slower to insert into as it grows). */
  insertsPerSecond: Summary;
  fileBytes: number;
}

/** Builds an HNSW index of synthetic vectors the way reindex does (HnswIndex.add, one at a time) and writes it. */
export async function buildHnswJob(job: HnswBuildJob): Promise<HnswBuildResult> {
  const { set } = syntheticVectors(job.kind, job.size, job.dimension, job.seed);
  const index = HnswIndex.create(job.dimension, { m: job.m, efConstruction: job.efConstruction, efSearch: 10 });
  const blocks = 10;
  const rates: number[] = [];
  const started = performance.now();
  for (let block = 0; block < blocks; block += 1) {
    const from = Math.floor((job.size * block) / blocks);
    const to = Math.floor((job.size * (block + 1)) / blocks);
    const blockStart = performance.now();
    for (let label = from; label < to; label += 1) index.add(label, vectorAt(set, label));
    if (to > from) rates.push(((to - from) / (performance.now() - blockStart)) * 1000);
  }
  const buildMs = performance.now() - started;
  await index.write(job.file);
  return { buildMs, insertsPerSecond: summarize(rates), fileBytes: (await fs.stat(job.file)).size };
}

export interface HnswMeasureJob {
  type: 'hnsw-measure';
  kind: VectorKind;
  size: number;
  dimension: number;
  seed: number;
  m: number;
  efConstruction: number;
  efSearch: number;
  file: string;
  queries: number;
  /** Queries also timed against hnswlib's native exact search (it needs its own copy of the vectors). */
  nativeQueries: number;
  loads: number;
  efSweep: number[];
  /** Candidates the bot asks dense search for (retrieval's `candidates`). */
  botK: number;
}

export interface HnswMeasureResult {
  /** Milliseconds to read the index file (HnswIndex.read), repeated. */
  loadMs: Summary;
  /** Resident memory the loaded index adds, bytes. */
  rssBytes: number;
  /** Milliseconds per query at the efSearch setting, k = 10. */
  queryMs: Summary;
  /** The same with k = the bot's candidate count. */
  botQueryMs: Summary;
  recallAt10: number;
  /** Milliseconds per query of exact search: a JS scan of a Float32Array, and hnswlib's native SIMD scan. */
  bruteForceJsMs: Summary;
  bruteForceNativeMs: Summary | undefined;
  efSweep: Array<{ ef: number; recallAt10: number; queryMs: Summary }>;
}

function timeQueries(index: HnswIndex, queries: Float32Array[], k: number): { ms: number[]; labels: number[][] } {
  const ms: number[] = [];
  const labels: number[][] = [];
  for (const query of queries) {
    const started = performance.now();
    const hits = index.search(query, k);
    ms.push(performance.now() - started);
    labels.push(hits.map((hit) => hit.label));
  }
  return { ms, labels };
}

/** Loads a built index in a fresh process and measures load time, memory, query time and recall against exact search. */
export async function measureHnswJob(job: HnswMeasureJob): Promise<HnswMeasureResult> {
  const { set, queries: querySet } = syntheticVectors(job.kind, job.size, job.dimension, job.seed, job.queries);
  const queries = Array.from({ length: job.queries }, (_, i) => vectorAt(querySet, i));
  const options = { m: job.m, efConstruction: job.efConstruction, efSearch: job.efSearch };

  // Memory is read after the first load, before later loads leave garbage behind.
  const before = residentMemory()?.current ?? process.memoryUsage().rss;
  let started = performance.now();
  let index = await HnswIndex.read(job.file, job.dimension, job.size, options);
  const loadMs = [performance.now() - started];
  const rssBytes = (residentMemory()?.current ?? process.memoryUsage().rss) - before;
  for (let load = 1; load < job.loads; load += 1) {
    started = performance.now();
    index = await HnswIndex.read(job.file, job.dimension, job.size, options);
    loadMs.push(performance.now() - started);
  }

  const exact: number[][] = [];
  const bruteForceJs: number[] = [];
  for (const query of queries) {
    const started = performance.now();
    exact.push(bruteForceTopK(set, query, 10));
    bruteForceJs.push(performance.now() - started);
  }
  let bruteForceNative: number[] | undefined;
  if (job.nativeQueries > 0) {
    const native = new hnswlib.BruteforceSearch('ip', job.dimension);
    native.initIndex(job.size);
    for (let label = 0; label < job.size; label += 1) native.addPoint(Array.from(vectorAt(set, label)), label);
    bruteForceNative = queries.slice(0, job.nativeQueries).map((query) => {
      const vector = Array.from(query);
      const started = performance.now();
      native.searchKnn(vector, 10);
      return performance.now() - started;
    });
  }

  const search = index;
  // A first pass warms the caches; the timed pass follows.
  timeQueries(search, queries, 10);
  const atDefault = timeQueries(search, queries, 10);
  const recall = atDefault.labels.reduce((sum, labels, i) => sum + recallAt(exact[i]!, labels), 0) / queries.length;
  const botQuery = timeQueries(search, queries, job.botK);
  const efSweep = job.efSweep.map((ef) => {
    search.setEfSearch(ef);
    const run = timeQueries(search, queries, 10);
    return { ef, recallAt10: run.labels.reduce((sum, labels, i) => sum + recallAt(exact[i]!, labels), 0) / queries.length, queryMs: summarize(run.ms) };
  });
  search.setEfSearch(job.efSearch);
  return {
    loadMs: summarize(loadMs),
    rssBytes,
    queryMs: summarize(atDefault.ms),
    botQueryMs: summarize(botQuery.ms),
    recallAt10: recall,
    bruteForceJsMs: summarize(bruteForceJs),
    bruteForceNativeMs: bruteForceNative ? summarize(bruteForceNative) : undefined,
    efSweep,
  };
}
