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
      generation bigint NOT NULL,
      label int NOT NULL,
      embedding vector(${dimension}) NOT NULL,
      PRIMARY KEY (generation, label))`);
    // Inner product over L2-normalized vectors: the cosine similarity is −(a <#> b).
    await client.query(`CREATE INDEX IF NOT EXISTS ${table}_hnsw ON ${table} USING hnsw (embedding vector_ip_ops) WITH (m = ${m}, ef_construction = ${efConstruction})`);
    await client.query('INSERT INTO embedding_tables (dimension) VALUES ($1) ON CONFLICT DO NOTHING', [dimension]);
  });
}

/** Every table that holds rows of a generation, besides generations itself (articles and chunks go with it by cascade too). */
async function generationTables(pool: pg.Pool): Promise<string[]> {
  const { rows } = await pool.query<{ dimension: number }>('SELECT dimension FROM embedding_tables ORDER BY dimension');
  return ['postings', 'terms', 'term_grams', 'pending_postings', 'chunks', 'articles', ...rows.map((row) => embeddingTable(row.dimension))];
}

/**
 * Deletes generations and every row they own, the generation's own row last: a deletion cut
 * short leaves the generation listed, and the next cleanup finishes it.
 */
export async function dropGenerations(pool: pg.Pool, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  for (const table of await generationTables(pool)) await pool.query(`DELETE FROM ${table} WHERE generation = ANY ($1::bigint[])`, [ids]);
  await pool.query('DELETE FROM generations WHERE id = ANY ($1::bigint[])', [ids]);
}
