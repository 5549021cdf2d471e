// The PostgreSQL + pgvector store: everything the composition root needs to keep every library
// in one database (STORE=postgres), shared by any number of bot processes.
import type pg from 'pg';
import { DatabaseError } from '../../errors.ts';
import { silentLogger, type Logger } from '../../util/logger.ts';
import { createPool, describeDatabaseUrl, startupError } from './connect.ts';
import { migrate, readMigrations } from './migrate.ts';
import { PostgresStore, type PostgresStoreSettings } from './postgresStore.ts';
import { dropDeadVectors, dropGenerations } from './schema.ts';

export { PostgresStore, type PostgresStoreSettings } from './postgresStore.ts';

export interface PostgresStoresSettings extends PostgresStoreSettings {
  /** Connections per bot process (default 10; a PGlite behind pglite-socket wants 1). */
  poolMax?: number;
  connectionTimeoutMillis?: number;
  logger?: Logger;
}

export interface LibrarySummary {
  id: string;
  /** The live generation's name (when it was written), or undefined when the library has only feedback. */
  generation: string | undefined;
  articles: number;
  chunks: number;
  feedback: number;
}

export interface PostgresStores {
  /** The pool every store of this database shares (PostgresFeedback takes it too). */
  readonly pool: pg.Pool;
  /** The schema version the database has (the newest migration). */
  readonly schemaVersion: number;
  /** The index of one library: 'shared' or a Discord server id. */
  store(library: string): PostgresStore;
  /** The libraries that have an index or feedback in the database, by id. */
  libraries(): Promise<LibrarySummary[]>;
  /** Deletes a library's index and feedback (a bot with it open must not be answering from it). */
  removeLibrary(library: string): Promise<void>;
  /** Ends the pool. */
  close(): Promise<void>;
}

/** pgvector's iterative index scans (a per-library filter that still returns k rows) came in 0.8.0. */
const MIN_VECTOR = [0, 8] as const;

/** Refuses a pgvector older than 0.8, naming the fix. */
export function checkVectorVersion(version: string, url: string): void {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  if (major > MIN_VECTOR[0] || (major === MIN_VECTOR[0] && minor >= MIN_VECTOR[1])) return;
  throw new DatabaseError(
    `The database at ${describeDatabaseUrl(url)} has pgvector ${version}, and this bot needs ${MIN_VECTOR.join('.')} or later (iterative index scans): ` +
      `install pgvector 0.8 or later on the server, then run \`ALTER EXTENSION vector UPDATE\` in the database.`,
  );
}

/**
 * Connects to DATABASE_URL, applies the migrations and checks pgvector: the database is ready
 * when this returns. A failure is a DatabaseError that says what to fix (an unreachable
 * server, a refused login, a missing database or pgvector, a schema newer than this bot), never
 * showing the password.
 */
export async function createPostgresStores(url: string, settings: PostgresStoresSettings): Promise<PostgresStores> {
  const logger = settings.logger ?? silentLogger;
  const pool = createPool(url, {
    logger,
    ...(settings.poolMax !== undefined && { max: settings.poolMax }),
    ...(settings.connectionTimeoutMillis !== undefined && { connectionTimeoutMillis: settings.connectionTimeoutMillis }),
  });
  let schemaVersion: number;
  try {
    const result = await migrate(pool, await readMigrations());
    if (result.applied.length > 0) logger.info({ database: describeDatabaseUrl(url), applied: result.applied }, 'database schema updated');
    const { rows } = await pool.query<{ extversion: string }>(`SELECT extversion FROM pg_extension WHERE extname = 'vector'`);
    checkVectorVersion(rows[0]?.extversion ?? '0', url);
    schemaVersion = result.version;
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw startupError(error, url);
  }
  return {
    pool,
    schemaVersion,
    store: (library) => new PostgresStore(pool, library, settings),
    libraries: () => listLibraries(pool),
    removeLibrary: (library) => removeLibrary(pool, library),
    close: () => pool.end(),
  };
}

async function removeLibrary(pool: pg.Pool, library: string): Promise<void> {
  await pool.query('UPDATE libraries SET active_generation = NULL WHERE id = $1', [library]);
  const { rows } = await pool.query<{ id: number }>('SELECT id FROM generations WHERE library = $1', [library]);
  await dropGenerations(
    pool,
    rows.map((row) => row.id),
  );
  await dropDeadVectors(pool, library, { all: true });
  await pool.query('DELETE FROM feedback WHERE library = $1', [library]);
  await pool.query('DELETE FROM libraries WHERE id = $1', [library]);
}

async function listLibraries(pool: pg.Pool): Promise<LibrarySummary[]> {
  const { rows } = await pool.query<{ id: string; created_at: Date | null; articles: number; chunks: number | null; feedback: number }>(
    `SELECT ids.id, g.created_at, g.chunk_count AS chunks,
       (SELECT count(*) FROM articles a WHERE a.generation = g.id) AS articles,
       (SELECT count(*) FROM feedback f WHERE f.library = ids.id) AS feedback
     FROM (SELECT id FROM libraries UNION SELECT library FROM feedback) AS ids
     LEFT JOIN libraries l ON l.id = ids.id
     LEFT JOIN generations g ON g.id = l.active_generation
     ORDER BY ids.id COLLATE "C"`,
  );
  return rows
    .filter((row) => row.created_at !== null || row.feedback > 0)
    .map((row) => ({ id: row.id, generation: row.created_at?.toISOString(), articles: row.articles, chunks: row.chunks ?? 0, feedback: row.feedback }));
}
