import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runJobInProcess } from '../../src/bench/jobs.ts';
import type { BenchOptions } from '../../src/bench/options.ts';
import { isSkipped, renderReport, type BenchReport } from '../../src/bench/report.ts';
import { runBench } from '../../src/bench/runBench.ts';
import { loadSettings } from '../../src/config/settings.ts';

describe('the stores section on a tiny corpus: the local store beside PGlite', () => {
  let root: string;
  let report: BenchReport;

  beforeAll(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'bench-stores-test-'));
    const settings = loadSettings({ DATA_DIR: path.join(root, 'data'), LOG_LEVEL: 'silent' }, root);
    const options: BenchOptions = {
      quick: true,
      sections: ['stores'],
      sizes: [200],
      sizesGiven: true,
      databaseUrl: undefined,
      seed: 3,
      fresh: true,
      cacheDir: path.join(root, 'cache'),
      xquadDir: undefined,
    };
    report = await runBench({
      settings,
      model: undefined,
      loadModel: undefined,
      options,
      runJob: runJobInProcess,
      plan: { stores: { sizes: [200], questions: 8, warmup: 2 } },
    });
  }, 60_000);

  afterAll(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  it('reindexes and searches both stores on the same corpus, with positive figures', () => {
    if (isSkipped(report.stores)) throw new Error(report.stores.skipped);
    const rows = report.stores.rows;
    expect(rows.map((row) => row.store)).toEqual(['local', 'pglite']);
    for (const row of rows) {
      expect(row.chunks).toBeGreaterThanOrEqual(200);
      expect(row.chunks).toBe(rows[0]!.chunks);
      expect(row.fullReindexSeconds).toBeGreaterThan(0);
      expect(row.chunksPerSecond).toBeGreaterThan(0);
      expect(row.oneArticleSeconds).toBeGreaterThan(0);
      expect(row.oneArticleChunks).toBeGreaterThan(0);
      for (const timing of [row.dense, row.lexical, row.chunkRead]) {
        expect(timing.n).toBe(8);
        expect(timing.median).toBeGreaterThan(0);
      }
    }
    expect(rows[0]!.overLocal).toBeUndefined();
    expect(rows[1]!.overLocal?.fullReindex).toBeCloseTo(rows[1]!.fullReindexSeconds / rows[0]!.fullReindexSeconds, 10);
  });

  it('renders one table with both stores and the PostgreSQL / local ratios, and skips the other sections', () => {
    const markdown = renderReport(report);
    expect(markdown).toContain('### Stores (');
    expect(markdown).toContain('| local files |');
    expect(markdown).toContain('| PGlite (WebAssembly, in-process) |');
    expect(markdown).toContain('*PGlite / local*');
    expect(report.questionPath).toEqual({ skipped: expect.stringContaining('not selected') });
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });
});
