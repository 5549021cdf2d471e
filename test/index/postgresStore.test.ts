import { afterAll, beforeAll } from 'vitest';
import { createPostgresStores, type PostgresStores } from '../../src/index/postgres/index.ts';
import { startTestPostgres, type TestPostgres } from '../support/postgres.ts';
import { describeStoreContract } from './storeContract.ts';

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
});
