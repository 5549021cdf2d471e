// The parts of the schema the bot makes at run time: the embeddings tables, one per dimension.
//
// Why a table per dimension rather than one `vector` column: an HNSW index needs a fixed
// dimension. pgvector can index a dimensionless column only through a partial expression index
// per dimension, `CREATE INDEX … ((embedding::vector(384)) vector_ip_ops) WHERE dimension = 384`,
// which every query must then repeat exactly (the cast and the predicate, as literals) or the
// planner silently falls back to a scan of every vector. A table per dimension keeps the
// column's type check on insert (a vector of the wrong size is refused), gives the planner
// statistics per model, and a model no longer used is one DROP TABLE. The tables are made in a
// transaction under an advisory lock, the first time a generation is written with a model of
// that dimension (the tests' model has 64, e5-small 384), and listed in embedding_tables.
//
// Vectors are not copied from generation to generation (inserting into an HNSW index is the
// slowest write there is): a row belongs to its library from the generation that wrote it (born)
// until the one that dropped its chunk (died, set when that one goes live), and generation g sees
// the rows with born <= g < died. A reindex inserts only the vectors of new chunks.
import type pg from 'pg';
import type { HnswOptions } from '../hnswIndex.ts';
import { inTransaction } from './connect.ts';

const MAX_DIMENSION = 2000; // pgvector's limit for an HNSW index on vector
const LOCK_CLASS = 7_301_202;

/** The name of the embeddings table for a dimension (the dimension is checked: the name goes into SQL). */
export function embeddingTable(dimension: number): string {
  if (!Number.isInteger(dimension) || dimension < 1 || dimension > MAX_DIMENSION) {
    throw new RangeError(`pgvector indexes vectors of 1 to ${MAX_DIMENSION} dimensions, not ${dimension}`);
  }
  return `embeddings_${dimension}`;
}

/** pgvector's bounds for HNSW build parameters: m 2–100, ef_construction 4–1000 and at least 2·m. */
function hnswParameters(hnsw: Pick<HnswOptions, 'm' | 'efConstruction'>): { m: number; efConstruction: number } {
  const m = Math.min(100, Math.max(2, Math.floor(hnsw.m)));
  return { m, efConstruction: Math.min(1000, Math.max(2 * m, 4, Math.floor(hnsw.efConstruction))) };
}

/** Makes the embeddings table and its HNSW index for a dimension, unless it is there. */
export async function ensureEmbeddingTable(pool: pg.Pool, dimension: number, hnsw: Pick<HnswOptions, 'm' | 'efConstruction'>): Promise<void> {
  const table = embeddingTable(dimension);
  const known = await pool.query('SELECT 1 FROM embedding_tables WHERE dimension = $1', [dimension]);
  if (known.rowCount) return;
  const { m, efConstruction } = hnswParameters(hnsw);
  await inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1, $2)', [LOCK_CLASS, dimension]);
    await client.query(`CREATE TABLE IF NOT EXISTS ${table} (
      library text NOT NULL,
      born bigint NOT NULL,
      label int NOT NULL,
      died bigint,
      embedding vector(${dimension}) NOT NULL,
      PRIMARY KEY (library, born, label))`);
    await client.query(`CREATE INDEX IF NOT EXISTS ${table}_died ON ${table} (library, died)`);
    // Inner product over L2-normalized vectors: the cosine similarity is −(a <#> b).
    await client.query(`CREATE INDEX IF NOT EXISTS ${table}_hnsw ON ${table} USING hnsw (embedding vector_ip_ops) WITH (m = ${m}, ef_construction = ${efConstruction})`);
    await client.query('INSERT INTO embedding_tables (dimension) VALUES ($1) ON CONFLICT DO NOTHING', [dimension]);
  });
}

/** Every table of vectors, one per dimension. */
export async function embeddingTables(db: Pick<pg.Pool, 'query'>): Promise<string[]> {
  const { rows } = await db.query<{ dimension: number }>('SELECT dimension FROM embedding_tables ORDER BY dimension');
  return rows.map((row) => embeddingTable(row.dimension));
}

/** Every table that holds rows of one generation, besides generations itself (vectors span generations). */
const GENERATION_TABLES = ['postings', 'terms', 'term_grams', 'pending_postings', 'chunks', 'articles'];

/** Deletes the vectors generations that never went live wrote. */
export async function dropUnpublishedVectors(pool: pg.Pool, ids: readonly number[]): Promise<void> {
  for (const table of await embeddingTables(pool)) await pool.query(`DELETE FROM ${table} WHERE born = ANY ($1::bigint[])`, [ids]);
}

/** Deletes a library's vectors that none of its remaining generations sees (all of them with `all`). */
export async function dropDeadVectors(pool: pg.Pool, library: string, options: { all?: boolean } = {}): Promise<void> {
  for (const table of await embeddingTables(pool)) {
    if (options.all) await pool.query(`DELETE FROM ${table} WHERE library = $1`, [library]);
    else await pool.query(`DELETE FROM ${table} WHERE library = $1 AND died <= (SELECT min(id) FROM generations WHERE library = $1)`, [library]);
  }
}

/**
 * Deletes generations and every row they own, the generation's own row last: a deletion cut
 * short leaves the generation listed, and the next cleanup finishes it.
 */
export async function dropGenerations(pool: pg.Pool, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  for (const table of GENERATION_TABLES) await pool.query(`DELETE FROM ${table} WHERE generation = ANY ($1::bigint[])`, [ids]);
  await pool.query('DELETE FROM generations WHERE id = ANY ($1::bigint[])', [ids]);
}
