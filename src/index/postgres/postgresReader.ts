import type pg from 'pg';
import type { StoredChunk } from '../chunkStore.ts';
import type { VectorHit } from '../hnswIndex.ts';
import { distinctNgrams } from '../../text/ngrams.ts';
import { compareHits, distinctTerms, idf, mayHaveVariants, VARIANT_MIN_DICE, VARIANTS_PER_TERM } from '../lexical/bm25.ts';
import type { ArticleEntry, ModelStamp } from '../manifest.ts';
import type { IndexReader, LexicalHits } from '../store.ts';
import { withClient } from './connect.ts';
import { embeddingTable } from './schema.ts';

/** What a reader knows of its generation from the moment it opens (the generation never changes). */
export interface GenerationInfo {
  id: number;
  library: string;
  createdAt: string;
  model: ModelStamp | null;
  chunkCount: number;
  embeddedCount: number;
}

export interface ReaderSettings {
  /** hnsw.ef_search for dense search (pgvector allows up to 1000). */
  efSearch: number;
}

/** pgvector's hnsw.ef_search bounds. */
const MAX_EF_SEARCH = 1000;

// BM25F over the generation's postings (lexical/bm25.ts). Each posting's weight,
// idf(t) · saturate(x(t, d)), was computed when the generation was written, so a chunk's score is
// a sum. Question terms no chunk holds are replaced by their spelling variants (bm25.ts): the
// vocabulary terms whose distinct trigrams have a Dice coefficient of at least VARIANT_MIN_DICE
// with theirs; the best VARIANTS_PER_TERM of each (ties by term), a variant found for two
// question terms taking the first one's coefficient, each searched at its coefficient (as
// lexical/searcher.ts does). The coefficient is a quotient of two small integers, so float8 here
// and a double in JavaScript give the same value.
const LEXICAL_SQL = `
WITH known AS (
  SELECT t.term, t.chunks FROM terms t WHERE t.generation = $1 AND t.term = ANY ($2::text[])
),
question_grams AS (
  SELECT g.term, g.ord, g.gram, g.total
  FROM unnest($3::text[], $4::int[], $5::text[], $6::int[]) AS g (term, ord, gram, total)
  WHERE g.term NOT IN (SELECT term FROM known)
),
shared AS (
  SELECT q.term AS question_term, min(q.ord) AS ord, min(q.total) AS total, tg.term, count(*) AS shared
  FROM question_grams q JOIN term_grams tg ON tg.generation = $1 AND tg.gram = q.gram
  GROUP BY q.term, tg.term
),
scored AS (
  SELECT s.question_term, s.ord, s.term, (2 * s.shared)::float8 / (s.total + t.grams) AS dice
  FROM shared s JOIN terms t ON t.generation = $1 AND t.term = s.term
),
ranked AS (
  SELECT ord, term, dice, row_number() OVER (PARTITION BY question_term ORDER BY dice DESC, term COLLATE "C") AS rank
  FROM scored WHERE dice >= $7
),
variants AS (
  SELECT DISTINCT ON (term) term, dice FROM ranked WHERE rank <= $8 ORDER BY term, ord
),
searched AS (
  SELECT term, 1::float8 AS boost FROM known
  UNION ALL
  SELECT term, dice FROM variants WHERE term NOT IN (SELECT term FROM known)
),
hits AS (
  SELECT p.label, sum(p.weight * s.boost) AS score
  FROM searched s JOIN postings p ON p.generation = $1 AND p.term = s.term
  GROUP BY p.label
  ORDER BY score DESC, p.label
  LIMIT $9
)
SELECT label, score, NULL::text AS term, NULL::int AS chunks FROM hits
UNION ALL
SELECT NULL, NULL, term, chunks FROM known`;

interface ChunkRow {
  label: number;
  id: string;
  article_id: string;
  section: string | null;
  paragraphs: number[];
  text: string;
  sentences: number[];
  span_start: number;
  span_end: number;
  sentence_vectors: Array<Buffer | null>;
}

export const CHUNK_COLUMNS = 'label, id, article_id, section, paragraphs, text, sentences, span_start, span_end, sentence_vectors';

export function storedChunk(row: ChunkRow): StoredChunk {
  const sentences = [];
  for (let i = 0; i + 1 < row.sentences.length; i += 2) sentences.push({ start: row.sentences[i]!, end: row.sentences[i + 1]! });
  return {
    label: row.label,
    id: row.id,
    articleId: row.article_id,
    section: row.section ?? undefined,
    paragraphs: row.paragraphs,
    text: row.text,
    sentences,
    span: { start: row.span_start, end: row.span_end },
    sentenceVectors: row.sentence_vectors.map((bytes) => (bytes ? new Int8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) : null)),
  };
}

/** A string as an SQL literal (standard_conforming_strings, on since PostgreSQL 9.1: only ' is special). */
function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** A vector in pgvector's text format, [x,y,…]. */
export function vectorText(vector: Float32Array): string {
  return `[${vector.join(',')}]`;
}

/** A vector as a pgvector literal, checked to hold only numbers (it is written into the statement). */
function vectorLiteral(vector: Float32Array, dimension: number): string {
  if (vector.length !== dimension) throw new RangeError(`a query vector of ${vector.length} dimensions for an index of ${dimension}`);
  for (const value of vector) if (!Number.isFinite(value)) throw new RangeError('a query vector holds a value that is not a finite number');
  return vectorText(vector);
}

/**
 * One generation of a library in PostgreSQL, pinned when the reader opened: every query names
 * the generation's id, and a reindex writes another generation instead of changing this one, so
 * a question reads one generation whole however many reindexes run meanwhile. The previous live
 * generation is kept for readers that still hold it (PostgresStore's keepRetired).
 */
export class PostgresReader implements IndexReader {
  private readonly articlesById: Map<string, ArticleEntry>;
  private readonly labels: Set<number>;

  constructor(
    private readonly pool: pg.Pool,
    private readonly info: GenerationInfo,
    readonly articles: readonly ArticleEntry[],
    private readonly settings: ReaderSettings,
  ) {
    this.articlesById = new Map(articles.map((article) => [article.id, article]));
    this.labels = new Set(articles.flatMap((article) => article.labels));
  }

  get generation(): string {
    return this.info.createdAt;
  }

  /** The generation's row id in the database. */
  get generationId(): number {
    return this.info.id;
  }

  get model(): ModelStamp | null {
    return this.info.model;
  }

  article(id: string): ArticleEntry | undefined {
    return this.articlesById.get(id);
  }

  get chunkCount(): number {
    return this.info.chunkCount;
  }

  get hasVectors(): boolean {
    return this.info.model !== null && this.info.embeddedCount > 0;
  }

  /** Answered from the articles' labels, which the reader read with the generation. */
  async hasChunks(labels: readonly number[]): Promise<boolean> {
    return labels.every((label) => this.labels.has(label));
  }

  /**
   * The k nearest chunks by cosine similarity (vectors are L2-normalized: the score is the inner
   * product, −(a <#> b)). The HNSW index covers every generation of every library with this
   * dimension, so the library and the generation's rows (born <= g < died, schema.ts) are a
   * filter; iterative scans (relaxed order) keep scanning
   * until k rows pass it, and the outer query puts them back in order. One round trip: the
   * settings and the search go as one simple-protocol message (an implicit transaction, so
   * SET LOCAL lasts exactly as long as the search).
   */
  async searchDense(vector: Float32Array, k: number): Promise<VectorHit[]> {
    const { model } = this.info;
    const limit = Math.min(Math.floor(k), this.info.embeddedCount);
    if (!model || limit < 1) return [];
    const literal = vectorLiteral(vector, model.dimension);
    const efSearch = Math.min(MAX_EF_SEARCH, Math.max(Math.floor(this.settings.efSearch), limit));
    const table = embeddingTable(model.dimension);
    const g = Math.floor(this.info.id);
    const sql =
      `SET LOCAL hnsw.ef_search = ${efSearch}; SET LOCAL hnsw.iterative_scan = relaxed_order; ` +
      `SELECT label, score FROM (SELECT label, -(embedding <#> '${literal}') AS score FROM ${table} ` +
      `WHERE library = ${sqlString(this.info.library)} AND born <= ${g} AND (died IS NULL OR died > ${g}) ` +
      `ORDER BY embedding <#> '${literal}' LIMIT ${limit}) AS hits ORDER BY score DESC, label`;
    const results = (await withClient(this.pool, (client) => client.query(sql))) as unknown as Array<pg.QueryResult<{ label: number; score: number }>>;
    return results.at(-1)!.rows.map((row) => ({ label: row.label, score: row.score }));
  }

  /** BM25F over the analysed question terms, as lexical/bm25.ts defines it; one statement. */
  async searchLexical(terms: readonly string[], k: number): Promise<LexicalHits> {
    const distinct = distinctTerms(terms);
    const limit = Math.floor(k);
    const documentCount = this.info.chunkCount;
    if (distinct.length === 0 || limit < 1) return { hits: [], termWeights: new Map(), documentCount };
    // The trigrams of the terms that may have variants, one row each; the SQL uses those of the terms no chunk holds.
    const gramTerms: string[] = [];
    const gramOrds: number[] = [];
    const grams: string[] = [];
    const totals: number[] = [];
    distinct.forEach((term, ord) => {
      if (!mayHaveVariants(term)) return;
      const own = distinctNgrams(term);
      for (const gram of own) {
        gramTerms.push(term);
        gramOrds.push(ord);
        grams.push(gram);
        totals.push(own.length);
      }
    });
    const { rows } = await this.pool.query<{ label: number | null; score: number | null; term: string | null; chunks: number | null }>(LEXICAL_SQL, [
      this.info.id,
      distinct,
      gramTerms,
      gramOrds,
      grams,
      totals,
      VARIANT_MIN_DICE,
      VARIANTS_PER_TERM,
      limit,
    ]);
    const hits: LexicalHits['hits'] = [];
    const termWeights = new Map<string, number>();
    for (const row of rows) {
      if (row.term !== null) termWeights.set(row.term, idf(documentCount, row.chunks!));
      else hits.push({ label: row.label!, score: row.score! });
    }
    return { hits: hits.sort(compareHits), termWeights, documentCount };
  }

  /** The chunks of these labels, in the order asked. */
  async chunks(labels: readonly number[]): Promise<StoredChunk[]> {
    if (labels.length === 0) return [];
    for (const label of labels) if (!this.labels.has(label)) throw new RangeError(`No chunk with label ${label} in the index`);
    const { rows } = await this.pool.query<ChunkRow>(`SELECT ${CHUNK_COLUMNS} FROM chunks WHERE generation = $1 AND label = ANY ($2::int[])`, [
      this.info.id,
      [...new Set(labels)],
    ]);
    const byLabel = new Map(rows.map((row) => [row.label, storedChunk(row)]));
    return labels.map((label) => {
      const chunk = byLabel.get(label);
      if (!chunk) {
        throw new RangeError(
          `The chunk ${label} of generation ${this.info.createdAt} of library "${this.info.library}" is gone: two reindexes ran since this reader opened it; open the live generation again.`,
        );
      }
      return chunk;
    });
  }

  /** Nothing to release: the reader holds no connection between queries. */
  async close(): Promise<void> {}
}
