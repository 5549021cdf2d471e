import path from 'node:path';
import fs from 'node:fs/promises';
import { cacheFolder, isReusable, markComplete, readCompletion } from '../cache.ts';
import type { BenchContext } from '../context.ts';
import type { HnswBuildJob, HnswBuildResult, HnswMeasureJob, HnswMeasureResult } from '../growth/hnswJobs.ts';
import type { StoreBuildJob, StoreBuildResult, StoreMeasureJob, StoreMeasureResult } from '../growth/storeJobs.ts';
import { clusteredShape, type VectorKind } from '../vectors.ts';

export interface GrowthOptions {
  sizes: number[];
  kinds: VectorKind[];
  dimension: number;
  /** Queries per size (fewer at a million: exact search in JS scans every vector). */
  queries: (size: number) => number;
  nativeQueries: (size: number) => number;
  loads: (size: number) => number;
  efSweep: number[];
  /** Build the kinds of one size at the same time, one process per core. */
  parallelBuilds: boolean;
  storeLoads: number;
}

export interface HnswBuild extends HnswBuildResult {
  reused: boolean;
  file: string;
}

export interface GrowthRow {
  size: number;
  kind: VectorKind;
  build: HnswBuild;
  measure: HnswMeasureResult;
  /** Exact JS scan time over HNSW query time (medians). */
  speedupJs: number;
  /** hnswlib's native exact scan time over HNSW query time (medians). */
  speedupNative: number | undefined;
}

export interface StoreRow {
  size: number;
  build: StoreBuildResult & { reused: boolean };
  measure: StoreMeasureResult;
  /** Median HNSW load time at this size (clustered vectors), to compare the metadata load with. */
  hnswLoadMs: number | undefined;
}

export interface GrowthResult {
  dimension: number;
  m: number;
  efConstruction: number;
  efSearch: number;
  vectors: Record<VectorKind, string>;
  builds: string;
  rows: GrowthRow[];
  store: StoreRow[];
}

const HOUR = 3_600_000;

function buildJob(context: BenchContext, kind: VectorKind, size: number, dimension: number, file: string): HnswBuildJob {
  const { m, efConstruction } = context.settings.hnsw;
  return { type: 'hnsw-build', kind, size, dimension, seed: context.seed, m, efConstruction, file };
}

function buildFolder(context: BenchContext, kind: VectorKind, size: number, dimension: number): string {
  const { m, efConstruction } = context.settings.hnsw;
  return cacheFolder(context.cacheDir, `hnsw-${kind}-${size}`, { kind, size, dimension, seed: context.seed, m, efConstruction });
}

/** The HNSW index of `size` synthetic vectors of one kind, built in a child process unless cached. */
export async function ensureHnswBuilds(context: BenchContext, wanted: Array<{ kind: VectorKind; size: number }>, dimension: number, parallel: boolean): Promise<HnswBuild[]> {
  const plans = await Promise.all(
    wanted.map(async ({ kind, size }) => {
      const folder = buildFolder(context, kind, size, dimension);
      const reused = await isReusable(folder, context);
      return { kind, size, folder, file: path.join(folder, 'index.hnsw'), reused };
    }),
  );
  const build = async (plan: (typeof plans)[number]): Promise<HnswBuild> => {
    if (plan.reused) return { ...(await readCompletion<HnswBuildResult>(plan.folder)), reused: true, file: plan.file };
    context.log(`growth: building HNSW over ${plan.size} ${plan.kind} vectors (M=${context.settings.hnsw.m}, efConstruction=${context.settings.hnsw.efConstruction})`);
    await fs.rm(plan.folder, { recursive: true, force: true });
    await fs.mkdir(plan.folder, { recursive: true });
    const { result } = await context.runJob<HnswBuildResult>(buildJob(context, plan.kind, plan.size, dimension, plan.file), { timeoutMs: 4 * HOUR });
    await markComplete(plan.folder, result, context);
    return { ...result, reused: false, file: plan.file };
  };
  if (parallel) return Promise.all(plans.map(build));
  const builds: HnswBuild[] = [];
  for (const plan of plans) builds.push(await build(plan));
  return builds;
}

async function ensureStore(context: BenchContext, size: number, dimension: number): Promise<{ folder: string; build: StoreBuildResult & { reused: boolean } }> {
  const folder = cacheFolder(context.cacheDir, `store-${size}`, { size, dimension, seed: context.seed, chunk: context.settings.chunk, xquad: context.xquadDir ?? null });
  if (await isReusable(folder, context)) return { folder, build: { ...(await readCompletion<StoreBuildResult>(folder)), reused: true } };
  context.log(`growth: writing a chunk store of ${size} chunks`);
  const job: StoreBuildJob = { type: 'store-build', size, folder, seed: context.seed, xquadDir: context.xquadDir, chunk: context.settings.chunk, dimension };
  const { result } = await context.runJob<StoreBuildResult>(job, { timeoutMs: 2 * HOUR });
  await markComplete(folder, result, context);
  return { folder, build: { ...result, reused: false } };
}

/**
 * How the vector index and the chunk store grow: for each size and kind of synthetic vectors,
 * the HNSW build (in a child process, cached), then in a fresh process its load time, memory,
 * query time and recall@10 against exact search; and the chunk store's load time and memory.
 */
export async function runGrowth(context: BenchContext, options: GrowthOptions): Promise<GrowthResult> {
  const { m, efConstruction, efSearch } = context.settings.hnsw;
  const rows: GrowthRow[] = [];
  const store: StoreRow[] = [];
  for (const size of options.sizes) {
    const builds = await ensureHnswBuilds(
      context,
      options.kinds.map((kind) => ({ kind, size })),
      options.dimension,
      options.parallelBuilds,
    );
    for (const [i, kind] of options.kinds.entries()) {
      const build = builds[i]!;
      context.log(`growth: measuring ${size} ${kind} vectors (${options.queries(size)} queries)`);
      const job: HnswMeasureJob = {
        type: 'hnsw-measure',
        kind,
        size,
        dimension: options.dimension,
        seed: context.seed,
        m,
        efConstruction,
        efSearch,
        file: build.file,
        queries: options.queries(size),
        nativeQueries: options.nativeQueries(size),
        loads: options.loads(size),
        efSweep: options.efSweep,
        botK: 40,
      };
      const { result: measure } = await context.runJob<HnswMeasureResult>(job, { timeoutMs: 2 * HOUR });
      rows.push({
        size,
        kind,
        build,
        measure,
        speedupJs: measure.bruteForceJsMs.median / measure.queryMs.median,
        speedupNative: measure.bruteForceNativeMs ? measure.bruteForceNativeMs.median / measure.queryMs.median : undefined,
      });
    }
    const { folder, build } = await ensureStore(context, size, options.dimension);
    context.log(`growth: measuring the chunk store of ${size} chunks`);
    const job: StoreMeasureJob = { type: 'store-measure', folder, loads: options.storeLoads, lookups: 100 };
    const { result: measure } = await context.runJob<StoreMeasureResult>(job, { timeoutMs: HOUR });
    const hnswRow = rows.find((row) => row.size === size && row.kind === 'clustered') ?? rows.find((row) => row.size === size);
    store.push({ size, build, measure, hnswLoadMs: hnswRow?.measure.loadMs.median });
  }
  return {
    dimension: options.dimension,
    m,
    efConstruction,
    efSearch,
    vectors: {
      uniform: 'Gaussian vectors normalized: uniform on the sphere, no neighbourhood structure (the hardest case for HNSW)',
      clustered: `normalized mix of a direction shared by all (weight ${clusteredShape.common}), one of size/${clusteredShape.perTopic} topic centres (${clusteredShape.topic}), variation along ${clusteredShape.subspace} shared directions (${clusteredShape.withinTopic}) and isotropic noise (${clusteredShape.noise}): random pairs at cosine ~0.63, nearest neighbours ~0.89, like sentence embeddings`,
    },
    builds: options.parallelBuilds ? 'the kinds of one size are built at the same time, one child process each (hnswlib-node inserts on one thread)' : 'one build at a time, in a child process',
    rows,
    store,
  };
}
