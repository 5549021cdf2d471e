// The database schema as plain numbered SQL files, migrations/NNN_name.sql, applied in order at
// start and recorded in schema_migrations. Why not a migration library: no dependency, and the
// files run exactly as written against PGlite (the tests) and any PostgreSQL server; each file is
// applied in its own transaction, together with its row in schema_migrations, under an advisory
// lock (two bots starting at once apply it once); a checksum of each applied file catches one
// edited afterwards (a migration is changed by adding a new one, never by editing an old one);
// and a database migrated by a newer bot is refused rather than misread.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import type pg from 'pg';
import { DatabaseError } from '../../errors.ts';
import { withClient } from './connect.ts';

export const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);

const FILE = /^(\d{3})_([a-z0-9_]+)\.sql$/u;
/** pg_advisory_xact_lock key: any constant, the same in every version of the bot. */
const LOCK_KEY = 7_301_202_401;

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

/** The migrations in a folder, in order; the versions must run 1, 2, 3… without a gap. */
export async function readMigrations(dir: URL = MIGRATIONS_DIR): Promise<Migration[]> {
  const names = (await readdir(dir)).sort();
  const migrations: Migration[] = [];
  for (const name of names) {
    const match = FILE.exec(name);
    if (!match) throw new Error(`${name} in ${dir.pathname} is not a migration: name them NNN_words.sql`);
    // Line endings do not count: a checkout that turns \n into \r\n has not edited the file.
    const sql = (await readFile(new URL(name, dir), 'utf8')).replace(/\r\n/gu, '\n');
    const version = Number(match[1]);
    if (version !== migrations.length + 1) throw new Error(`migration ${name} should be number ${migrations.length + 1}`);
    migrations.push({ version, name, sql, checksum: createHash('sha256').update(sql).digest('hex') });
  }
  return migrations;
}

export interface MigrationResult {
  /** The schema version the database has now (the newest migration's). */
  version: number;
  /** Migrations applied by this call. */
  applied: string[];
}

/** Brings the database's schema up to the newest migration; refuses a newer schema or an edited migration. */
export async function migrate(pool: pg.Pool, migrations: readonly Migration[]): Promise<MigrationResult> {
  const latest = migrations.length;
  return withClient(pool, async (client) => {
    const applied: string[] = [];
    await inLockedTransaction(client, async () => {
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version int PRIMARY KEY, name text NOT NULL, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
      const done = await client.query<{ version: number; name: string; checksum: string }>('SELECT version, name, checksum FROM schema_migrations ORDER BY version');
      const newest = done.rows.at(-1)?.version ?? 0;
      if (newest > latest) {
        throw new DatabaseError(
          `This bot reads schema version ${latest}; the database has ${newest}: upgrade the bot (a newer version migrated this database, and this one would misread it).`,
        );
      }
      for (const row of done.rows) {
        const migration = migrations[row.version - 1];
        if (migration && migration.checksum !== row.checksum) {
          throw new DatabaseError(
            `The migration ${migration.name} was changed after it was applied to this database (schema version ${row.version}): ` +
              `put the file back as it was and add the change as a new migration.`,
          );
        }
      }
    });
    for (const migration of migrations) {
      await inLockedTransaction(client, async () => {
        // Another bot may have applied it while this one waited for the lock.
        const done = await client.query('SELECT 1 FROM schema_migrations WHERE version = $1', [migration.version]);
        if (done.rowCount) return;
        await client.query(migration.sql); // the simple-query protocol: a file may hold several statements
        await client.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [migration.version, migration.name, migration.checksum]);
        applied.push(migration.name);
      });
    }
    return { version: latest, applied };
  });
}

async function inLockedTransaction(client: pg.PoolClient, work: () => Promise<void>): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
    await work();
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
