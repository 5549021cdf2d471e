// A real PostgreSQL for tests, without a server install or the network: PGlite (PostgreSQL
// compiled to WebAssembly, in this process) with the pgvector extension, served over the
// PostgreSQL wire protocol on 127.0.0.1 by pglite-socket, so the product's real `pg` pool talks
// to it exactly as to a server. One per test file (beforeAll/afterAll): startup takes 3–6 s.
//
// PGlite runs ONE session: every connection shares it and runs one statement batch at a time.
// A pool through it wants `max: 1`, and code must never hold a transaction on one client while
// awaiting another (that waits forever). pglite-socket 0.2.17 also interleaves the messages of
// concurrent connections (electric-sql/pglite#1046): installBatchAffinity fixes that.
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { installBatchAffinity } from './pgliteBatchAffinity.ts';

export interface TestPostgres {
  /** postgresql://postgres@127.0.0.1:<port>/postgres (PGlite checks no password). */
  readonly url: string;
  /** Stops the server, then closes the database; end the pools first. Idempotent. */
  stop(): Promise<void>;
}

export interface TestPostgresOptions {
  /** Load the pgvector extension (default true); false gives a server where `CREATE EXTENSION vector` fails. */
  vector?: boolean;
  /**
   * Wire connections accepted at once (pglite-socket's own default is 1): room for the pool, a
   * dedicated connection and a reconnect (a closed slot is freed asynchronously).
   */
  maxConnections?: number;
}

export async function startTestPostgres(options: TestPostgresOptions = {}): Promise<TestPostgres> {
  const db = await PGlite.create({ dataDir: 'memory://', ...(options.vector !== false && { extensions: { vector } }) });
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: options.maxConnections ?? 6 });
  installBatchAffinity(server);
  try {
    await server.start();
  } catch (error) {
    await db.close();
    throw error;
  }
  const url = `postgresql://postgres@${server.getServerConn()}/postgres`;
  let stopped: Promise<void> | undefined;
  return {
    url,
    stop() {
      stopped ??= (async () => {
        await server.stop();
        await db.close();
      })();
      return stopped;
    },
  };
}
