// A PostgreSQL without a server install, for measuring the PostgreSQL store where none runs (npm run
// eval -- --store postgres, the tests): PGlite (PostgreSQL compiled to WebAssembly, in this
// process) with pgvector, served over the wire protocol on 127.0.0.1 by pglite-socket, so that
// the store's real `pg` pool talks to it exactly as to a server. Never the bot's database: it
// lives in memory and is one session, so every statement of every connection runs in turn.
//
// Code on it must never hold a transaction on one connection while awaiting another (that waits
// forever), and advisory locks never wait (one session holds them all).
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { installBatchAffinity } from './pgliteBatchAffinity.ts';

export interface PgliteServer {
  /** postgresql://postgres@127.0.0.1:<port>/postgres (PGlite checks no password). */
  readonly url: string;
  /** Stops the server, then closes the database; end the pools first. Idempotent. */
  stop(): Promise<void>;
}

export interface PgliteServerOptions {
  /** Load the pgvector extension (default true); false gives a server where `CREATE EXTENSION vector` fails. */
  vector?: boolean;
  /**
   * Wire connections accepted at once (pglite-socket's own default is 1): room for a pool, a
   * dedicated connection and a reconnect (a closed slot is freed asynchronously).
   */
  maxConnections?: number;
}

export async function startPgliteServer(options: PgliteServerOptions = {}): Promise<PgliteServer> {
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
