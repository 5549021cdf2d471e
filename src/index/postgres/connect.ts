import pg from 'pg';
import { DatabaseError, errorMessage } from '../../errors.ts';
import type { Logger } from '../../util/logger.ts';

export interface PoolSettings {
  /** Connections the pool opens at most (a PGlite served over a socket wants 1). */
  max?: number;
  /** How long a connection attempt may take before the database counts as unreachable. */
  connectionTimeoutMillis?: number;
  logger: Logger;
}

const INT8 = 20;
const NUMERIC = 1700;
const INT8_ARRAY = 1016;

// Counts and generation ids are int8 in SQL; they stay far below 2^53, so numbers are exact.
const toNumber = (value: string) => Number(value);

/**
 * Type parsers for this pool only (pg.types is global: setting a parser there would change every
 * other pool in the process): int8 and numeric as numbers, everything else as pg parses it.
 */
const builtin = (oid: number, format?: 'text' | 'binary') => (pg.types.getTypeParser as (oid: number, format?: string) => (value: string) => unknown)(oid, format);

const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (format !== 'binary') {
      if (oid === INT8 || oid === NUMERIC) return toNumber;
      if (oid === INT8_ARRAY) return (value: string) => (builtin(INT8_ARRAY)(value) as string[]).map(toNumber);
    }
    return builtin(oid, format);
  }) as pg.CustomTypesConfig['getTypeParser'],
};

/** The URL as it may be shown: user, host, port and database, never the password. */
export function describeDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    const user = parsed.username ? `${decodeURIComponent(parsed.username)}@` : '';
    return `${parsed.protocol}//${user}${parsed.host}${parsed.pathname}`;
  } catch {
    return 'DATABASE_URL (not a valid URL)';
  }
}

function parseDatabaseUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DatabaseError('DATABASE_URL is not a valid URL: give it as postgresql://user:password@host:5432/database.');
  }
  if (parsed.protocol !== 'postgresql:' && parsed.protocol !== 'postgres:') {
    throw new DatabaseError(`DATABASE_URL must start with postgresql:// (it starts with ${parsed.protocol}//): postgresql://user:password@host:5432/database.`);
  }
  return parsed;
}

/**
 * A pool for DATABASE_URL: its own type parsers, and an error listener from the start (an idle
 * connection the server drops emits an error; without a listener it would end the process).
 */
export function createPool(url: string, settings: PoolSettings): pg.Pool {
  parseDatabaseUrl(url);
  const pool = new pg.Pool({
    connectionString: url,
    max: settings.max ?? 10,
    connectionTimeoutMillis: settings.connectionTimeoutMillis ?? 10_000,
    idleTimeoutMillis: 30_000,
    application_name: 'article-qa-bot',
    types,
  });
  pool.on('error', (error) => settings.logger.warn({ err: errorMessage(error), database: describeDatabaseUrl(url) }, 'an idle PostgreSQL connection failed; the pool opens another'));
  return pool;
}

/**
 * Runs work on one client of the pool, listening for its errors meanwhile (pg-pool stops listening
 * while a client is checked out: a connection dropped between two statements would otherwise end
 * the process). A client whose connection failed is destroyed, not returned to the pool.
 */
export async function withClient<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let failure: Error | undefined;
  const onError = (error: Error) => (failure ??= error);
  client.on('error', onError);
  try {
    return await work(client);
  } catch (error) {
    failure ??= isConnectionError(error) ? (error as Error) : undefined;
    throw error;
  } finally {
    client.off('error', onError);
    client.release(failure);
  }
}

/** Runs work in a transaction on one client: committed when it returns, rolled back when it throws. */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  return withClient(pool, async (client) => {
    await client.query('BEGIN');
    try {
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  });
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET']);

function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as NodeJS.ErrnoException).code;
  return (code !== undefined && UNREACHABLE.has(code)) || /Connection terminated|timeout expired|connection timeout/iu.test(error.message);
}

/** The SQLSTATE of an error the server sent, if it is one. */
export function sqlState(error: unknown): string | undefined {
  return error instanceof pg.DatabaseError ? error.code : undefined;
}

/**
 * What a failure at start means for whoever runs the bot: an unreachable server, a refused login,
 * a missing database, a missing pgvector, each with the fix; the password is never shown.
 * Errors that are already a DatabaseError (a schema too new, an edited migration) pass through.
 */
export function startupError(error: unknown, url: string): Error {
  if (error instanceof DatabaseError) return error;
  const where = describeDatabaseUrl(url);
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  const user = parsed?.username ? decodeURIComponent(parsed.username) : 'the default user';
  const database = parsed && parsed.pathname.length > 1 ? decodeURIComponent(parsed.pathname.slice(1)) : 'the default database';
  const code = sqlState(error);
  const message = errorMessage(error);
  if (code === '28P01' || code === '28000') {
    return new DatabaseError(`PostgreSQL refused the login of ${user} at ${where} (${message}): check the user name and password in DATABASE_URL.`, { cause: error });
  }
  if (code === '3D000') {
    return new DatabaseError(`The database ${database} does not exist on ${parsed?.host ?? 'the server'} (DATABASE_URL=${where}): create it (\`createdb ${database}\`) or fix DATABASE_URL.`, {
      cause: error,
    });
  }
  if (code === '0A000' && /extension "vector"/u.test(message)) {
    return new DatabaseError(
      `The PostgreSQL server at ${where} does not have the pgvector extension (${message}): install pgvector 0.8 or later on the server ` +
        `(https://github.com/pgvector/pgvector#installation), then run \`CREATE EXTENSION vector\` in the database ${database}.`,
      { cause: error },
    );
  }
  if (code === '42501' && /extension/u.test(message)) {
    return new DatabaseError(
      `${user} may not create the pgvector extension in ${database} at ${where} (${message}): ask the database owner or a superuser to run \`CREATE EXTENSION vector\` there.`,
      { cause: error },
    );
  }
  if (code === undefined && isConnectionError(error)) {
    return new DatabaseError(
      `Cannot reach PostgreSQL at ${where} (${message}): check that the server is running and that DATABASE_URL names the right host and port.`,
      { cause: error },
    );
  }
  return new DatabaseError(`PostgreSQL at ${where} failed at start (${message}${code ? `, SQLSTATE ${code}` : ''}).`, { cause: error });
}
