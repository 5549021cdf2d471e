import net from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseError } from '../../src/errors.ts';
import { startupError } from '../../src/index/postgres/connect.ts';
import { checkVectorVersion, createPostgresStores } from '../../src/index/postgres/index.ts';
import { startTestPostgres, type TestPostgres } from '../support/postgres.ts';

const PASSWORD = 's3cret-pw';

/** The URL with a password in it, which no message may show. */
const withPassword = (url: string) => url.replace('postgresql://postgres@', `postgresql://postgres:${PASSWORD}@`);

async function startError(url: string): Promise<DatabaseError> {
  const error = await createPostgresStores(url, { efSearch: 100, poolMax: 1, connectionTimeoutMillis: 5000 }).then(
    async (stores) => {
      await stores.close();
      throw new Error('the stores opened');
    },
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(DatabaseError);
  expect((error as Error).message).not.toContain(PASSWORD);
  return error as DatabaseError;
}

/** A port on 127.0.0.1 that nothing listens on. */
async function closedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('PostgreSQL store at start', () => {
  let server: TestPostgres;
  let bare: TestPostgres;

  beforeAll(async () => {
    [server, bare] = await Promise.all([startTestPostgres(), startTestPostgres({ vector: false })]);
  });
  afterAll(async () => {
    await Promise.all([server?.stop(), bare?.stop()]);
  });

  it('migrates a new database, and a second start applies nothing', async () => {
    const first = await createPostgresStores(server.url, { efSearch: 100, poolMax: 1 });
    expect(first.schemaVersion).toBe(3);
    const { rows } = await first.pool.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(rows.map((row) => row.version)).toEqual([1, 2, 3]);
    await first.close();
    const second = await createPostgresStores(server.url, { efSearch: 100, poolMax: 1 });
    expect(second.schemaVersion).toBe(3);
    await second.close();
  });

  it('says the server cannot be reached, naming DATABASE_URL without the password', async () => {
    const error = await startError(`postgresql://postgres:${PASSWORD}@127.0.0.1:${await closedPort()}/articles`);
    expect(error.message).toMatch(/^Cannot reach PostgreSQL at postgresql:\/\/postgres@127\.0\.0\.1:\d+\/articles .*DATABASE_URL names the right host and port/);
  });

  it('says to run CREATE EXTENSION vector on a server without pgvector', async () => {
    const error = await startError(withPassword(bare.url));
    expect(error.message).toContain('pgvector');
    expect(error.message).toContain('`CREATE EXTENSION vector`');
  });

  it('refuses a schema newer than this bot, and an applied migration edited since', async () => {
    const stores = await createPostgresStores(server.url, { efSearch: 100, poolMax: 1 });
    await stores.pool.query(`INSERT INTO schema_migrations (version, name, checksum) VALUES (99, '099_future.sql', 'x')`);
    await stores.close();
    expect((await startError(withPassword(server.url))).message).toMatch(/This bot reads schema version 3; the database has 99: upgrade the bot/);
    const cleanup = new pg.Client({ connectionString: server.url });
    await cleanup.connect();
    await cleanup.query('DELETE FROM schema_migrations WHERE version = 99');
    await cleanup.query(`UPDATE schema_migrations SET checksum = 'edited' WHERE version = 3`);
    await cleanup.end();
    expect((await startError(withPassword(server.url))).message).toMatch(/The migration 003_feedback\.sql was changed after it was applied/);
  });

  it('refuses pgvector older than 0.8, naming the upgrade', () => {
    expect(() => checkVectorVersion('0.7.4', 'postgresql://bot:pw@db:5432/articles')).toThrow(
      /has pgvector 0\.7\.4, and this bot needs 0\.8 or later .*ALTER EXTENSION vector UPDATE/,
    );
    expect(() => checkVectorVersion('0.8.0', 'postgresql://bot:pw@db:5432/articles')).not.toThrow();
    expect(() => checkVectorVersion('1.0.0', 'postgresql://bot:pw@db:5432/articles')).not.toThrow();
  });

  // PGlite checks no password and serves any database name, so these two server replies are built
  // as pg builds them from the wire (SQLSTATE 28P01 and 3D000).
  it('says the login was refused, or the database is missing, without the password', () => {
    const url = `postgresql://bot:${PASSWORD}@db.example:5432/articles`;
    const reply = (code: string, message: string) => Object.assign(new pg.DatabaseError(message, message.length, 'error'), { code });
    const login = startupError(reply('28P01', 'password authentication failed for user "bot"'), url);
    expect(login.message).toMatch(/^PostgreSQL refused the login of bot at postgresql:\/\/bot@db\.example:5432\/articles .*check the user name and password in DATABASE_URL/);
    const missing = startupError(reply('3D000', 'database "articles" does not exist'), url);
    expect(missing.message).toMatch(/The database articles does not exist on db\.example:5432 .*`createdb articles`/);
    for (const error of [login, missing]) {
      expect(error).toBeInstanceOf(DatabaseError);
      expect(error.message).not.toContain(PASSWORD);
    }
  });
});
