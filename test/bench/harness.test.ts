import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runJobInProcess } from '../../src/bench/jobs.ts';
import { planFor, type BenchOptions } from '../../src/bench/options.ts';
import { isSkipped, renderReport, type BenchReport } from '../../src/bench/report.ts';
import { runBench } from '../../src/bench/runBench.ts';
import type { Summary } from '../../src/bench/stats.ts';
import { loadSettings } from '../../src/config/settings.ts';

function expectTiming(summary: Summary): void {
  expect(summary.n).toBeGreaterThan(0);
  expect(Number.isFinite(summary.median)).toBe(true);
  expect(summary.median).toBeGreaterThanOrEqual(0);
  expect(summary.min).toBeLessThanOrEqual(summary.median);
  expect(summary.max).toBeGreaterThanOrEqual(summary.p99);
}

describe('the benchmark harness on tiny sizes without a model', () => {
  let root: string;
  let report: BenchReport;

  beforeAll(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'bench-harness-'));
    const settings = loadSettings({ DATA_DIR: path.join(root, 'data'), LOG_LEVEL: 'silent' }, root);
    const options: BenchOptions = {
      quick: true,
      sections: ['question', 'indexing', 'growth', 'memory', 'libraries'],
      sizes: [400],
      sizesGiven: true,
      databaseUrl: undefined,
      seed: 7,
      fresh: true,
      cacheDir: path.join(root, 'cache'),
      xquadDir: undefined,
    };
    const quick = planFor(options);
    report = await runBench({
      settings,
      model: undefined,
      loadModel: undefined,
      options,
      runJob: runJobInProcess,
      plan: {
        question: { chunks: 150, realVectors: 0, questions: 12, warmup: 2 },
        growth: { ...quick.growth, queries: () => 12, nativeQueries: () => 4, loads: () => 2, efSweep: [20, 80], parallelBuilds: false, storeLoads: 2 },
        libraries: { libraries: 3, chunksEach: 20, realVectors: 0, questions: 6 },
      },
    });
  });

  afterAll(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  it('times every stage of the question path on a generated index', () => {
    if (isSkipped(report.questionPath)) throw new Error(report.questionPath.skipped);
    const result = report.questionPath;
    expect(result.chunks).toBeGreaterThanOrEqual(150);
    expect(result.questions).toBe(12);
    expect(result.vectors.synthetic).toBe(result.chunks);
    for (const stage of Object.values(result.stages)) expect(stage.n).toBe(12);
    for (const stage of [result.stages.embed, result.stages.dense, result.stages.lexical, result.stages.chunkRead, result.endToEnd]) expectTiming(stage);
    expect(result.endToEnd.median).toBeGreaterThan(result.stages.dense.median);
    expect(result.ratio).toBeCloseTo(result.endToEnd.median / result.stages.embed.median, 10);
  });

  it('measures HNSW growth with recall against exact search, for both kinds of vectors', () => {
    if (isSkipped(report.growth)) throw new Error(report.growth.skipped);
    const rows = report.growth.rows;
    expect(rows.map((row) => `${row.size} ${row.kind}`)).toEqual(['400 uniform', '400 clustered']);
    for (const row of rows) {
      expect(row.build.fileBytes).toBeGreaterThan(400 * 384 * 4);
      expect(row.build.insertsPerSecond.n).toBe(10);
      expect(row.measure.recallAt10).toBeGreaterThan(0);
      expect(row.measure.recallAt10).toBeLessThanOrEqual(1);
      expect(row.measure.efSweep.map((point) => point.ef)).toEqual([20, 80]);
      expectTiming(row.measure.queryMs);
      expectTiming(row.measure.bruteForceJsMs);
      expect(row.measure.bruteForceNativeMs?.n).toBe(4);
      expect(row.speedupJs).toBeCloseTo(row.measure.bruteForceJsMs.median / row.measure.queryMs.median, 10);
    }
    // Clustered vectors have neighbourhoods; at this size a search at ef=80 finds nearly all of them.
    expect(rows[1]!.measure.efSweep[1]!.recallAt10).toBeGreaterThan(0.9);
    const [store] = report.growth.store;
    expect(store!.size).toBe(400);
    expect(store!.build.segmentBytes).toBeGreaterThan(400 * 100);
    expectTiming(store!.measure.metadataMs);
    expectTiming(store!.measure.get40Ms);
  });

  it('asks many server libraries: first questions open them, later ones find them open', () => {
    if (isSkipped(report.libraries)) throw new Error(report.libraries.skipped);
    const result = report.libraries;
    expect(result.libraries).toBe(3);
    expect(result.cold.n).toBe(3);
    for (const timing of [result.single, result.cold, result.open]) expectTiming(timing);
    expect(result.open.n).toBe(6);
    expect(result.openRatio).toBeCloseTo(result.open.median / result.single.median, 10);
    expect(result.rss.allOpen).toBeGreaterThan(0);
  });

  it('says which sections need the model instead of inventing figures', () => {
    expect(report.model).toBeNull();
    expect(report.indexing).toEqual({ skipped: expect.stringContaining('needs the model') });
    expect(report.memory).toEqual({ skipped: expect.stringContaining('needs the model') });
    expect(report.coldStart).toEqual({ skipped: expect.stringContaining('not selected') });
  });

  it('renders the same figures as Markdown and survives a JSON round trip', () => {
    const markdown = renderReport(report);
    expect(markdown).toContain('### Question path (');
    expect(markdown).toContain('| 400 | uniform |');
    expect(markdown).toContain('Skipped: needs the model');
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
    expect(report.seconds).toBeGreaterThan(0);
  });
});
