import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSquadFile } from '../../src/eval/dataset.ts';
import { runEval, type EvalReport } from '../../src/eval/runEval.ts';
import { createPostgresStores } from '../../src/index/postgres/index.ts';
import { defaultHnswOptions } from '../../src/index/hnswIndex.ts';
import { defaultRetrievalOptions } from '../../src/search/retrieve.ts';
import { startTestPostgres, type TestPostgres } from '../support/postgres.ts';

const fixtures = path.resolve(import.meta.dirname, '../fixtures/squad');

/** The report without its timings. */
const scores = (report: EvalReport) =>
  report.questionSets.map((set) => Object.fromEntries(Object.entries(set.modes).map(([mode, result]) => [mode, { ...result, latencyMs: undefined }])));

describe('runEval on the PostgreSQL store', () => {
  let server: TestPostgres;
  beforeAll(async () => {
    server = await startTestPostgres();
  });
  afterAll(() => server?.stop());

  it('scores the lexical ranking as on the local store, and deletes its temporary library', async () => {
    const dataset = await readSquadFile(path.join(fixtures, 'news.json'));
    const run = (store: { kind: 'local' } | { kind: 'postgres'; databaseUrl: string }) =>
      runEval({ dataset, embedder: undefined, retrieval: defaultRetrievalOptions, index: { chunk: { maxTokens: 200, overlapSentences: 1 }, hnsw: defaultHnswOptions, store } });
    const local = await run({ kind: 'local' });
    const postgres = await run({ kind: 'postgres', databaseUrl: server.url });
    expect(postgres.index.chunks).toBe(local.index.chunks);
    expect(scores(postgres)).toEqual(scores(local));
    const stores = await createPostgresStores(server.url, { efSearch: 100, poolMax: 1 });
    expect(await stores.libraries()).toEqual([]);
    const { rows } = await stores.pool.query<{ n: number }>('SELECT count(*) AS n FROM chunks');
    expect(rows[0]!.n).toBe(0);
    await stores.close();
  });
});
