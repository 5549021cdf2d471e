import os from 'node:os';
import type { Settings } from '../config/settings.ts';
import type { Embedder } from '../embed/types.ts';
import { runInChild } from './child.ts';
import type { BenchContext } from './context.ts';
import { corpusOrigin } from './corpus.ts';
import { planFor, type BenchOptions, type BenchPlan } from './options.ts';
import { REPORT_FORMAT, isSkipped, type BenchReport, type TargetCheck } from './report.ts';
import { ensureLargeIndex, ensureSmallIndex } from './sections/appIndexes.ts';
import { runColdStart } from './sections/coldStart.ts';
import { runGrowth } from './sections/growth.ts';
import { runIndexing } from './sections/indexing.ts';
import { runLibraries } from './sections/libraries.ts';
import { runMemory } from './sections/memory.ts';
import { measureQuestions, runQuestionPath } from './sections/questionPath.ts';
import { runStores } from './sections/stores.ts';

export interface RunBenchInput {
  settings: Settings;
  /** The loaded model; undefined runs the sections that can do without it on synthetic vectors. */
  model: Embedder | undefined;
  loadModel: BenchContext['loadModel'];
  options: BenchOptions;
  /** Overrides of the plan derived from the options (tests run tiny sizes). */
  plan?: Partial<BenchPlan>;
  log?: (message: string) => void;
  /** Default: each build and measurement in a fresh child process. */
  runJob?: BenchContext['runJob'];
}

function targetsOf(report: BenchReport): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const { questionPath, indexing, growth, memory } = report;
  if (!isSkipped(questionPath) && report.model) {
    checks.push({ name: `question path: end-to-end / embedding at ${questionPath.chunks} chunks`, value: questionPath.ratio, target: '≤ 1.2', met: questionPath.ratio <= 1.2 });
  }
  if (!isSkipped(indexing)) {
    checks.push({ name: 'indexing: full reindex / raw ONNX throughput', value: indexing.ratio.median, target: '≥ 0.9', met: indexing.ratio.median >= 0.9 });
  }
  if (!isSkipped(growth)) {
    for (const row of growth.rows.filter((candidate) => candidate.size === 100_000)) {
      checks.push({ name: `growth: recall@10 at 100k (${row.kind})`, value: row.measure.recallAt10, target: '≥ 0.98', met: row.measure.recallAt10 >= 0.98 });
      checks.push({ name: `growth: speed-up over a JS scan at 100k (${row.kind})`, value: row.speedupJs, target: '≥ 20×', met: row.speedupJs >= 20 });
      if (row.speedupNative !== undefined) {
        checks.push({ name: `growth: speed-up over hnswlib's native scan at 100k (${row.kind})`, value: row.speedupNative, target: '≥ 20×', met: row.speedupNative >= 20 });
      }
    }
    for (const row of growth.store) {
      if (row.hnswLoadMs === undefined) continue;
      checks.push({
        name: `chunk store: metadata load / HNSW load at ${row.size}`,
        value: row.measure.metadataMs.median / row.hnswLoadMs,
        target: '≤ 1',
        met: row.measure.metadataMs.median <= row.hnswLoadMs,
      });
    }
  }
  if (!isSkipped(report.libraries)) {
    const { cold, openRatio } = report.libraries;
    checks.push({ name: "libraries: a closed library's first question, p50 (ms)", value: cold.median, target: '< 300', met: cold.median < 300 });
    checks.push({ name: 'libraries: open library / single-library question, p50', value: openRatio, target: '≤ 1.2', met: openRatio <= 1.2 });
  }
  if (!isSkipped(memory)) {
    checks.push({ name: `memory: bot peak RSS at ${memory.chunks} chunks (MB)`, value: memory.botPeak / 1024 / 1024, target: '< 800', met: memory.botPeak < memory.target });
  }
  return checks;
}

/** Runs the selected sections in order and returns the report (figures only; printing is the caller's). */
export async function runBench(input: RunBenchInput): Promise<BenchReport> {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const loadStart = os.loadavg();
  const { settings, model, options } = input;
  const plan = { ...planFor(options), ...input.plan };
  const log = input.log ?? (() => {});
  const context: BenchContext = {
    settings,
    model,
    loadModel: input.loadModel,
    cacheDir: options.cacheDir,
    seed: options.seed,
    xquadDir: options.xquadDir,
    fresh: options.fresh,
    built: new Set(),
    log,
    runJob: input.runJob ?? runInChild,
  };
  const wants = (name: BenchOptions['sections'][number]) => options.sections.includes(name);
  const needsModel = { skipped: 'needs the model (run with EMBEDDING_MODEL and MODEL_DIR set)' };
  const notSelected = { skipped: options.quick ? 'not selected (--sections; --quick leaves out memory)' : 'not selected (--sections)' };

  const questionPath = wants('question') ? await runQuestionPath(context, plan.question) : notSelected;
  const indexing = !wants('indexing') ? notSelected : model ? await runIndexing(context, plan.indexing) : needsModel;
  const growth = wants('growth') ? await runGrowth(context, { ...plan.growth, sizes: options.sizes }) : notSelected;
  const dimension = model?.dimension ?? plan.growth.dimension;
  let memory: BenchReport['memory'] = notSelected;
  let questionPathLarge: BenchReport['questionPathLarge'] = { skipped: 'runs with the memory section (on its index)' };
  if (wants('memory')) {
    if (model) {
      const large = await ensureLargeIndex(context, plan.memoryChunks, dimension);
      memory = await runMemory(context, large, plan.memoryRuns, plan.questionText);
      if (wants('question')) {
        log(`question path at ${large.chunks} chunks (the memory section's index)`);
        const timings = await measureQuestions(context, large.settings, model, plan.largeQuestions);
        questionPathLarge = { chunks: large.chunks, ...timings };
      }
    } else {
      memory = needsModel;
    }
  }
  let coldStart: BenchReport['coldStart'] = notSelected;
  if (wants('cold-start')) {
    if (model) {
      const indexes = [{ label: '1 article', index: await ensureSmallIndex(context) }];
      if (plan.coldStartChunks) indexes.push({ label: `${plan.coldStartChunks / 1000}k chunks`, index: await ensureLargeIndex(context, plan.coldStartChunks, dimension) });
      coldStart = await runColdStart(context, indexes, plan.coldStartRuns, plan.questionText);
    } else {
      coldStart = needsModel;
    }
  }

  const libraries = wants('libraries') ? await runLibraries(context, plan.libraries) : notSelected;
  const stores = wants('stores') ? await runStores(context, { ...plan.stores, databaseUrl: options.databaseUrl }) : { skipped: 'not selected (--store postgres or --sections stores)' };

  const report: BenchReport = {
    format: REPORT_FORMAT,
    startedAt,
    seconds: 0,
    machine: {
      cpus: os.availableParallelism(),
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      memoryGiB: os.totalmem() / 1024 ** 3,
      node: process.versions.node,
      platform: `${process.platform}-${process.arch}`,
      loadAverage: { start: loadStart, end: os.loadavg() },
    },
    model: model
      ? { id: model.modelId, quantized: settings.model.quantized, threads: settings.model.threads, batchSize: settings.model.batchSize, dimension: model.dimension }
      : null,
    settings: { hnsw: settings.hnsw, chunk: settings.chunk },
    options: { quick: options.quick, sections: options.sections, sizes: options.sizes, seed: options.seed, corpus: corpusOrigin({ seed: options.seed, xquadDir: options.xquadDir, arabicShare: 0.6, paragraphs: [3, 8] }) },
    questionPath,
    questionPathLarge,
    indexing,
    growth,
    memory,
    coldStart,
    libraries,
    stores,
    targets: [],
  };
  report.targets = targetsOf(report);
  report.seconds = (performance.now() - started) / 1000;
  return report;
}
