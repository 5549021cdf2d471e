import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultHnswOptions } from '../../src/index/hnswIndex.ts';
import { createPostgresStores, type PostgresStore, type PostgresStores } from '../../src/index/postgres/index.ts';
import { startTestPostgres, type TestPostgres } from '../support/postgres.ts';
import type { PostgresKillPoint } from '../support/postgresKillChild.ts';
import { extraArticle, seedFiles, tempDir, writeCorpus } from '../support/corpusFiles.ts';
import { repoRoot, testEmbedder, testSettings } from '../support/testApp.ts';
import { describeStoreContract, type ContractLibrary } from './storeContract.ts';

let server: TestPostgres;
let stores: PostgresStores;
let libraries = 0;

beforeAll(async () => {
  server = await startTestPostgres();
  stores = await createPostgresStores(server.url, { efSearch: 100, poolMax: 1 });
});
afterAll(async () => {
  await stores?.close();
  await server?.stop();
});

/** Rows of generations that never went live (a reindex that failed before publishing). */
async function unfinished(library: string): Promise<number> {
  const { rows } = await stores.pool.query<{ n: number }>(`SELECT count(*) AS n FROM generations WHERE library = $1 AND state = 'building'`, [library]);
  return rows[0]!.n;
}

const CHILD = path.join(repoRoot, 'test/support/postgresKillChild.ts');

/** A reindex of the library in a child process, SIGKILLed once it reports being at `point`; rejects with what happened. */
async function killedAt(point: PostgresKillPoint, library: ContractLibrary, corpusDir: string): Promise<never> {
  const model = JSON.stringify((await testSettings(path.dirname(corpusDir))).model);
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, server.url, (library.store as PostgresStore).library, corpusDir, model, point], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const exited = new Promise<string>((resolve) => child.once('close', (code, signal) => resolve(signal ?? `exit ${code}`)));
  const paused = await new Promise<boolean>((resolve) => {
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      if (text.includes(`paused ${point}`)) resolve(true);
    });
    void exited.then(() => resolve(false));
  });
  child.kill('SIGKILL');
  const exit = await exited;
  throw new Error(paused ? `killed at ${point} (${exit})` : `the child stopped (${exit}) before ${point}: ${stderr}`);
}

describeStoreContract('PostgreSQL (PGlite over the wire protocol)', {
  library: async () => {
    libraries += 1;
    const library = `library-${libraries}`;
    const store = stores.store(library);
    return {
      store,
      reindexFailingBeforePublish: (request, fail) => store.reindex({ ...request, beforePublish: fail }),
      leftovers: () => unfinished(library),
    };
  },
  crashes: (['embedding', 'writing', 'beforePublish'] as const).map((point) => ({
    name: `the reindexing process being killed (${point})`,
    reindex: (library, _request, corpusDir) => killedAt(point, library, corpusDir),
  })),
});

describe('vectors in PostgreSQL across generations', () => {
  it('inserts only the new chunks\' vectors, and keeps none that no remaining generation sees', async () => {
    const root = await tempDir('pg-vectors');
    const embedder = await testEmbedder(root);
    const store = stores.store('vectors');
    const dir = path.join(root, 'corpus');
    const request = async () => ({ articles: await writeCorpus(dir, {}), embedder, chunk: { maxTokens: 200, overlapSentences: 1 }, hnsw: defaultHnswOptions });
    await writeCorpus(dir, await seedFiles());
    const counts = async () => {
      const { rows } = await stores.pool.query<{ rows: number; unseen: number }>(
        `SELECT count(*) AS rows, count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM generations g WHERE g.library = e.library AND e.born <= g.id AND (e.died IS NULL OR e.died > g.id))) AS unseen
         FROM embeddings_64 e WHERE library = 'vectors'`,
      );
      return rows[0]!;
    };
    const first = await store.reindex(await request());
    expect(await counts()).toEqual({ rows: first.chunks.total, unseen: 0 });
    await fs.writeFile(path.join(dir, 'kyiv-energy.md'), extraArticle);
    const second = await store.reindex(await request());
    expect(await counts()).toEqual({ rows: first.chunks.total + second.chunks.added, unseen: 0 });
    const [seed] = Object.keys(await seedFiles());
    await fs.rm(path.join(dir, seed!));
    const third = await store.reindex(await request());
    // The first generation is gone; the second (kept for readers still on it) sees the removed article's vectors.
    expect(await counts()).toEqual({ rows: first.chunks.total + second.chunks.added, unseen: 0 });
    await store.reindex(await request());
    expect(await counts()).toEqual({ rows: third.chunks.total, unseen: 0 });
    await stores.removeLibrary('vectors');
    expect(await counts()).toEqual({ rows: 0, unseen: 0 });
    await fs.rm(root, { recursive: true, force: true });
  });
});
