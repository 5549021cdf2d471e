import pg from 'pg';
import { chunkArticle } from '../../chunk/chunkArticle.ts';
import type { Chunk } from '../../chunk/types.ts';
import type { Embedder } from '../../embed/types.ts';
import { DatabaseError, IndexFormatError } from '../../errors.ts';
import { defaultStemmer } from '../../text/stemmer.ts';
import { silentLogger, type Logger } from '../../util/logger.ts';
import { quantize, type StoredChunk } from '../chunkStore.ts';
import { B, FIELD_WEIGHTS, K1 } from '../lexical/bm25.ts';
import { articleEntry, assertSameChunker, assertSameModel, chunkerStamp, type ArticleEntry, type ChunkerStamp, type ModelStamp } from '../manifest.ts';
import { planReindex, planSummary, type ReindexPlan } from '../reindexPlan.ts';
import type { IndexReader, IndexStore, ReindexSummary, StoreReindexRequest } from '../store.ts';
import { inTransaction } from './connect.ts';
import { distinctNgrams } from '../../text/ngrams.ts';
import { lexicalFields } from '../lexical/fields.ts';
import { fieldFrequencies } from './lexicalTerms.ts';
import { CHUNK_COLUMNS, PostgresReader, storedChunk, vectorText, type GenerationInfo } from './postgresReader.ts';
import { dropDeadVectors, dropGenerations, dropUnpublishedVectors, embeddingTable, embeddingTables, ensureEmbeddingTable } from './schema.ts';

export interface PostgresStoreSettings {
  /** hnsw.ef_search for dense search (HNSW_EF_SEARCH). */
  efSearch: number;
  /**
   * Retired generations kept after a reindex, newest first, for readers that opened them before
   * (default 1: the previous live generation). Older ones are deleted.
   */
  keepRetired?: number;
}

export interface PostgresReindexRequest extends StoreReindexRequest {
  /**
   * Runs inside the transaction that publishes the new generation, after its statements and
   * before COMMIT, with the client holding it (tests fail there, or cut the connection). It must
   * not wait for another client of the pool: on a one-connection database that never comes.
   */
  beforePublish?: (client: pg.PoolClient) => Promise<void> | void;
}

/** Chunks embedded and written per batch: a model call's worth of work between two writes. */
const BATCH = 256;
/** Rows per multi-row INSERT (PostgreSQL allows 65,535 parameters a statement). */
const ROWS_PER_INSERT = 200;
/** pg_try_advisory_lock's first key for "a reindex of library hashtext(id) is under way". */
const REINDEX_LOCK_CLASS = 7_301_203;

/** The analysis the terms are made with: a generation of another is rebuilt, never mixed. */
const ANALYSIS = defaultStemmer.id;
const SCORING = { k1: K1, b: B, fieldWeights: FIELD_WEIGHTS };

interface GenerationRow {
  id: number;
  library: string;
  created_at: Date;
  model_id: string | null;
  model_dimension: number | null;
  model_query_prefix: string | null;
  model_passage_prefix: string | null;
  chunk_max_tokens: number;
  chunk_overlap_sentences: number;
  analysis: string;
  next_label: number;
  chunk_count: number;
  embedded_count: number;
}

interface ArticleRow {
  id: string;
  file: string;
  title: string;
  source: string | null;
  url: string | null;
  published: string | null;
  language: string;
  content_hash: string;
  labels: number[];
  embedded: boolean;
  indexed_at: string;
}

interface LiveGeneration {
  info: GenerationInfo;
  chunker: ChunkerStamp;
  analysis: string;
  nextLabel: number;
  articles: ArticleEntry[];
}

// The live generation and its articles in one statement: nothing can come between the two.
const LIVE_SQL = `
SELECT g.id, g.library, g.created_at, g.model_id, g.model_dimension, g.model_query_prefix, g.model_passage_prefix,
  g.chunk_max_tokens, g.chunk_overlap_sentences, g.analysis, g.next_label, g.chunk_count, g.embedded_count,
  coalesce((SELECT json_agg(json_build_object('id', a.id, 'file', a.file, 'title', a.title, 'source', a.source, 'url', a.url,
      'published', a.published, 'language', a.language, 'content_hash', a.content_hash, 'labels', a.labels,
      'embedded', a.embedded, 'indexed_at', a.indexed_at) ORDER BY a.position)
    FROM articles a WHERE a.generation = g.id), '[]'::json) AS articles
FROM libraries l JOIN generations g ON g.id = l.active_generation
WHERE l.id = $1`;

function modelOf(row: GenerationRow): ModelStamp | null {
  if (row.model_id === null || row.model_dimension === null) return null;
  return { id: row.model_id, dimension: row.model_dimension, queryPrefix: row.model_query_prefix ?? '', passagePrefix: row.model_passage_prefix ?? '' };
}

function articleEntryOf(row: ArticleRow): ArticleEntry {
  return {
    id: row.id,
    file: row.file,
    title: row.title,
    ...(row.source !== null && { source: row.source }),
    ...(row.url !== null && { url: row.url }),
    ...(row.published !== null && { published: row.published }),
    language: row.language,
    contentHash: row.content_hash,
    labels: row.labels,
    embedded: row.embedded,
    indexedAt: new Date(row.indexed_at).toISOString(),
  };
}


/** A multi-row VALUES list of `columns` placeholders per row, numbered from `first`. */
function placeholders(rows: number, columns: number, first = 1): string {
  const values: string[] = [];
  for (let row = 0; row < rows; row += 1) {
    const cells: string[] = [];
    for (let column = 0; column < columns; column += 1) cells.push(`$${first + row * columns + column}`);
    values.push(`(${cells.join(', ')})`);
  }
  return values.join(', ');
}

/** A chunk to write: made by the chunker now, or read back from the previous generation to be embedded. */
interface Pending {
  chunk: Chunk;
  label: number;
  /** Its article's title (the lexical title field); only for new chunks, whose postings are computed here. */
  title?: string;
  /** The field lengths of a chunk read back (its postings are copied, not computed). */
  lengths?: number[];
}

/**
 * One library's index in PostgreSQL (the tables of migrations/002_libraries.sql), shared by every
 * bot process on the database. A reindex writes a complete new generation, copying what did not
 * change from the live one in SQL (INSERT … SELECT: no model call, no rows through the bot), and
 * makes it live in one transaction; readers pin the generation they opened.
 */
export class PostgresStore implements IndexStore {
  constructor(
    private readonly pool: pg.Pool,
    readonly library: string,
    private readonly settings: PostgresStoreSettings,
  ) {
    if (library === '' || library.length > 100) throw new RangeError(`not a library id: "${library.slice(0, 100)}"`);
  }

  /** How messages name this library's index (assertSameModel says "The index in …"). */
  private get where(): string {
    return `the PostgreSQL library "${this.library}"`;
  }

  async open(options: { expectedModel?: { id: string; dimension: number } | undefined }): Promise<IndexReader | undefined> {
    const live = await this.live();
    if (!live) return undefined;
    assertSameModel(this.where, live.info.model, options.expectedModel);
    if (live.analysis !== ANALYSIS) {
      // IndexFormatError: the bot rebuilds from the corpus, as for a damaged local index.
      throw new IndexFormatError(
        `The index in ${this.where} was analysed with "${live.analysis}", and this bot analyses with "${ANALYSIS}": run \`npm run index -- --full\` to rebuild it.`,
      );
    }
    return new PostgresReader(this.pool, live.info, live.articles, { efSearch: this.settings.efSearch });
  }

  async liveGeneration(): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ created_at: Date }>(
      'SELECT g.created_at FROM libraries l JOIN generations g ON g.id = l.active_generation WHERE l.id = $1',
      [this.library],
    );
    return rows[0]?.created_at.toISOString();
  }

  private async live(): Promise<LiveGeneration | undefined> {
    const { rows } = await this.pool.query<GenerationRow & { articles: ArticleRow[] }>(LIVE_SQL, [this.library]);
    const row = rows[0];
    if (!row) return undefined;
    return {
      info: {
        id: row.id,
        library: row.library,
        createdAt: row.created_at.toISOString(),
        model: modelOf(row),
        chunkCount: row.chunk_count,
        embeddedCount: row.embedded_count,
      },
      chunker: { maxTokens: row.chunk_max_tokens, overlapSentences: row.chunk_overlap_sentences },
      analysis: row.analysis,
      nextLabel: row.next_label,
      articles: row.articles.map(articleEntryOf),
    };
  }

  /**
   * Brings the library's index in line with the corpus: unchanged articles are copied from the
   * live generation in SQL, changed and new ones chunked, embedded and written, removed ones left
   * out; the new generation then goes live in one transaction. A crash before that commit leaves
   * the live generation as it was; the rows of the unfinished one are deleted by the next reindex.
   */
  async reindex(request: PostgresReindexRequest): Promise<ReindexSummary> {
    const started = performance.now();
    const logger = request.logger ?? silentLogger;
    const now = (request.now ?? (() => new Date()))();
    await this.pool.query('INSERT INTO libraries (id) VALUES ($1) ON CONFLICT DO NOTHING', [this.library]);
    const lock = await this.lockReindex();
    try {
      await this.dropUnfinished(logger);
      const live = await this.live();
      const previous = this.previousFor(live, request, logger);
      const plan = planReindex(previous?.articles ?? [], request.articles, request.embedder !== undefined);
      const { embedder } = request;
      const model: ModelStamp | null = embedder ? { id: embedder.modelId, dimension: embedder.dimension, ...embedder.profile } : (previous?.info.model ?? null);
      if (model && embedder) await ensureEmbeddingTable(this.pool, model.dimension, request.hnsw);
      const generation = await this.beginGeneration(now, live, model, request);
      const build = new GenerationBuild(this.pool, this.library, generation, previous, model, embedder, request);
      const entries = await build.write(plan, now);
      await this.publish({ ...generation, keptVectors: build.keptVectors, vectorTable: build.vectorTable }, live?.info.id ?? null, request.beforePublish);
      await this.dropRetired(logger);
      const removed = [...plan.removed, ...plan.steps.flatMap((step) => (step.kind === 'updated' ? [step.previous] : []))];
      return {
        generation: build.createdAt,
        full: previous === undefined,
        articles: planSummary(plan),
        chunks: {
          added: build.added,
          removed: removed.reduce((count, entry) => count + entry.labels.length, 0),
          total: entries.reduce((count, entry) => count + entry.labels.length, 0),
          withoutVectors: entries.reduce((count, entry) => count + (entry.embedded && model ? 0 : entry.labels.length), 0),
        },
        model: model?.id ?? null,
        seconds: (performance.now() - started) / 1000,
      };
    } finally {
      await lock.release();
    }
  }

  /** The live generation to update, or undefined to build from scratch (asked to, none yet, or of another analysis). */
  private previousFor(live: LiveGeneration | undefined, request: PostgresReindexRequest, logger: Logger): LiveGeneration | undefined {
    if (!live || request.full) return undefined;
    assertSameChunker(this.where, live.chunker, chunkerStamp(request.chunk));
    if (live.analysis !== ANALYSIS) {
      logger.warn({ library: this.library, analysis: live.analysis }, 'the index was analysed with another stemmer; rebuilding it from the corpus');
      return undefined;
    }
    assertSameModel(this.where, live.info.model, request.embedder && { id: request.embedder.modelId, dimension: request.embedder.dimension });
    return live;
  }

  /**
   * One reindex of a library at a time, across every bot process on the database: a session
   * advisory lock on a connection of its own (not the pool's: it is held while the model
   * embeds), released with the connection if the process dies. A second reindex waits for the
   * first, then finds its corpus mostly indexed. (PGlite has one session, in which advisory locks
   * never wait: there, publish() refuses the second of two overlapping reindexes instead.)
   */
  private async lockReindex(): Promise<{ release(): Promise<void> }> {
    const client = new pg.Client(this.pool.options);
    client.on('error', () => undefined); // a dropped connection releases the lock; the reindex's own queries report the failure
    await client.connect();
    const keys = [REINDEX_LOCK_CLASS, this.library];
    try {
      await client.query('SELECT pg_advisory_lock($1, hashtext($2))', keys);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    return {
      release: async () => {
        await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', keys).catch(() => undefined);
        await client.end().catch(() => undefined);
      },
    };
  }

  /** Deletes generations a crashed or failed reindex left in 'building' (none can be under way: this one holds the lock). */
  private async dropUnfinished(logger: Logger): Promise<void> {
    const { rows } = await this.pool.query<{ id: number }>(`SELECT id FROM generations WHERE library = $1 AND state = 'building'`, [this.library]);
    if (rows.length === 0) return;
    logger.info({ library: this.library, generations: rows.length }, 'deleting the rows of an unfinished reindex');
    const ids = rows.map((row) => row.id);
    await dropUnpublishedVectors(this.pool, ids);
    await dropGenerations(this.pool, ids);
  }

  /** Deletes retired generations beyond the newest `keepRetired`. */
  private async dropRetired(logger: Logger): Promise<void> {
    const keep = this.settings.keepRetired ?? 1;
    const { rows } = await this.pool.query<{ id: number }>(
      `SELECT id FROM generations WHERE library = $1 AND state = 'retired' ORDER BY retired_at DESC, id DESC OFFSET $2`,
      [this.library, keep],
    );
    if (rows.length === 0) return;
    logger.debug({ library: this.library, generations: rows.length }, 'deleting retired index generations');
    await dropGenerations(
      this.pool,
      rows.map((row) => row.id),
    );
    await dropDeadVectors(this.pool, this.library);
  }

  /** The new generation's row, in state 'building'; its time is after the live one's, so generation names only grow. */
  private async beginGeneration(now: Date, live: LiveGeneration | undefined, model: ModelStamp | null, request: PostgresReindexRequest): Promise<{ id: number; createdAt: Date }> {
    const after = live ? Date.parse(live.info.createdAt) + 1 : 0;
    const createdAt = new Date(Math.max(now.getTime(), after));
    const { rows } = await this.pool.query<{ id: number }>(
      `INSERT INTO generations (library, created_at, model_id, model_dimension, model_query_prefix, model_passage_prefix,
         chunk_max_tokens, chunk_overlap_sentences, hnsw_m, hnsw_ef_construction, analysis, scoring)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
      [
        this.library,
        createdAt,
        model?.id ?? null,
        model?.dimension ?? null,
        model?.queryPrefix ?? null,
        model?.passagePrefix ?? null,
        request.chunk.maxTokens,
        request.chunk.overlapSentences,
        request.hnsw.m,
        request.hnsw.efConstruction,
        ANALYSIS,
        JSON.stringify(SCORING),
      ],
    );
    return { id: rows[0]!.id, createdAt };
  }

  /** Makes the new generation live and the previous one retired, in one transaction, if the live one is still the one it was built from. */
  private async publish(generation: { id: number; keptVectors: readonly number[]; vectorTable: string | undefined }, base: number | null, beforePublish: PostgresReindexRequest['beforePublish']): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      const { rows } = await client.query<{ active_generation: number | null }>('SELECT active_generation FROM libraries WHERE id = $1 FOR UPDATE', [this.library]);
      if ((rows[0]?.active_generation ?? null) !== base) {
        throw new DatabaseError(`The library "${this.library}" was reindexed by another process meanwhile; this reindex is dropped: run it again.`);
      }
      const built = await client.query(`UPDATE generations SET state = 'live' WHERE id = $1 AND state = 'building'`, [generation.id]);
      if (built.rowCount !== 1) throw new DatabaseError(`The generation being written for the library "${this.library}" was deleted meanwhile: run the reindex again.`);
      if (base !== null) await client.query(`UPDATE generations SET state = 'retired', retired_at = now() WHERE id = $1`, [base]);
      // The vectors of chunks the new generation dropped (all but the kept ones) end with it.
      for (const table of await embeddingTables(client)) {
        await client.query(`UPDATE ${table} SET died = $1 WHERE library = $2 AND died IS NULL AND born < $1 AND label <> ALL ($3::int[])`, [
          generation.id,
          this.library,
          table === generation.vectorTable ? generation.keptVectors : [],
        ]);
      }
      await client.query('UPDATE libraries SET active_generation = $1 WHERE id = $2', [generation.id, this.library]);
      await beforePublish?.(client);
    });
  }
}

/** The rows of one new generation, written step by step; nothing here is visible to readers until it is published. */
class GenerationBuild {
  /** New chunks (made by the chunker in this reindex). */
  added = 0;
  private nextLabel: number;
  /** Distinct terms of the new chunks, for the vocabulary's trigrams. */
  private readonly newTerms = new Set<string>();
  /** Labels carried over from the previous generation (their postings are copied). */
  private readonly kept: number[] = [];
  readonly vectorTable: string | undefined;
  /** Labels of chunks carried over whose vectors stay live (they are not copied: schema.ts). */
  keptVectors: number[] = [];
  private vectorsWritten = 0;

  constructor(
    private readonly pool: pg.Pool,
    private readonly library: string,
    private readonly generation: { id: number; createdAt: Date },
    private readonly previous: LiveGeneration | undefined,
    model: ModelStamp | null,
    private readonly embedder: Embedder | undefined,
    private readonly request: PostgresReindexRequest,
  ) {
    this.nextLabel = previous?.nextLabel ?? 0;
    this.vectorTable = model ? embeddingTable(model.dimension) : undefined;
  }

  get createdAt(): string {
    return this.generation.createdAt.toISOString();
  }

  /** Writes every row of the generation; returns its article entries in corpus order. */
  async write(plan: ReindexPlan, now: Date): Promise<ArticleEntry[]> {
    const entries: ArticleEntry[] = [];
    const fresh: Pending[] = [];
    const copied: number[] = [];
    const copiedVectors: number[] = [];
    const reembed: number[] = [];
    for (const step of plan.steps) {
      if (step.kind === 'unchanged') {
        entries.push({ ...step.entry, file: step.article.file });
        copied.push(...step.entry.labels);
        if (step.entry.embedded) copiedVectors.push(...step.entry.labels);
      } else if (step.kind === 'embed') {
        entries.push({ ...step.entry, file: step.article.file, embedded: true, indexedAt: now.toISOString() });
        reembed.push(...step.entry.labels);
      } else {
        const labels = chunkArticle(step.article, this.request.chunk).map((chunk) => {
          fresh.push({ chunk, label: this.nextLabel, title: step.article.meta.title });
          return this.nextLabel++;
        });
        entries.push(articleEntry(step.article, labels, this.embedder !== undefined, now));
      }
    }
    this.kept.push(...copied, ...reembed);
    this.added = fresh.length;
    await this.copyChunks(copied, copiedVectors);
    const pending = [...fresh, ...(await this.readPrevious(reembed))];
    await this.embedAndInsert(pending);
    await this.insertArticles(entries);
    await this.finish();
    return entries;
  }

  /** Copies unchanged chunks from the previous generation, in SQL; their vectors stay where they are. */
  private async copyChunks(labels: number[], vectorLabels: number[]): Promise<void> {
    if (!this.previous || labels.length === 0) return;
    const columns = `label, id, article_id, section, paragraphs, text, sentences, span_start, span_end, sentence_vectors, title_length, section_length, body_length`;
    await this.pool.query(`INSERT INTO chunks (generation, ${columns}) SELECT $1, ${columns} FROM chunks WHERE generation = $2 AND label = ANY ($3::int[])`, [
      this.generation.id,
      this.previous.info.id,
      labels,
    ]);
    if (this.vectorTable && this.previous.info.model) this.keptVectors = vectorLabels;
  }

  /** Chunks of unchanged articles indexed while the model was unavailable, read back to be embedded now. */
  private async readPrevious(labels: number[]): Promise<Pending[]> {
    if (!this.previous || labels.length === 0) return [];
    const { rows } = await this.pool.query(`SELECT ${CHUNK_COLUMNS}, title_length, section_length, body_length FROM chunks WHERE generation = $1 AND label = ANY ($2::int[]) ORDER BY label`, [
      this.previous.info.id,
      labels,
    ]);
    return rows.map((row) => {
      const stored = storedChunk(row);
      return { chunk: stored, label: stored.label, lengths: [row.title_length, row.section_length, row.body_length] };
    });
  }

  /** Embeds (when there is a model) and writes the chunks, a batch at a time, with their vectors and field term frequencies. */
  private async embedAndInsert(pending: Pending[]): Promise<void> {
    const total = pending.length;
    for (let start = 0; start < total; start += BATCH) {
      const batch = pending.slice(start, start + BATCH);
      const embeddings = this.embedder
        ? await this.embedder.embedPassages(
            batch.map(({ chunk }) => ({ text: chunk.text, sentences: chunk.sentences })),
            { onProgress: (done) => this.request.onProgress?.({ phase: 'embedding', done: start + done, total }) },
          )
        : undefined;
      const records: Array<{ pending: Pending; stored: StoredChunk; lengths: number[]; frequencies?: ReturnType<typeof fieldFrequencies> }> = batch.map((item, i) => {
        const embedding = embeddings?.[i];
        const stored: StoredChunk = {
          ...item.chunk,
          label: item.label,
          sentenceVectors: embedding ? embedding.sentences.map((vector) => (vector ? quantize(vector) : null)) : item.chunk.sentences.map(() => null),
        };
        if (item.title === undefined) return { pending: item, stored, lengths: item.lengths ?? [0, 0, 0] };
        const frequencies = fieldFrequencies(lexicalFields(item.chunk, item.title));
        return { pending: item, stored, lengths: frequencies.lengths, frequencies };
      });
      await this.insertChunks(records);
      if (embeddings && this.vectorTable) {
        const labels = batch.map((item) => item.label);
        const vectors = embeddings.map((embedding) => vectorText(embedding.vector));
        await this.pool.query(
          `INSERT INTO ${this.vectorTable} (library, born, label, embedding) SELECT $1, $2, label, vector::vector FROM unnest($3::int[], $4::text[]) AS u (label, vector)`,
          [this.library, this.generation.id, labels, vectors],
        );
        this.vectorsWritten += labels.length;
      }
      await this.insertPendingPostings(records.flatMap((record) => (record.frequencies ? [{ label: record.pending.label, frequencies: record.frequencies }] : [])));
    }
  }

  private async insertChunks(records: Array<{ stored: StoredChunk; lengths: number[] }>): Promise<void> {
    const COLUMNS = 14;
    for (let start = 0; start < records.length; start += ROWS_PER_INSERT) {
      const rows = records.slice(start, start + ROWS_PER_INSERT);
      const values = rows.flatMap(({ stored, lengths }) => [
        this.generation.id,
        stored.label,
        stored.id,
        stored.articleId,
        stored.section ?? null,
        stored.paragraphs,
        stored.text,
        stored.sentences.flatMap((sentence) => [sentence.start, sentence.end]),
        stored.span.start,
        stored.span.end,
        stored.sentenceVectors.map((vector) => (vector ? Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength) : null)),
        lengths[0],
        lengths[1],
        lengths[2],
      ]);
      await this.pool.query(
        `INSERT INTO chunks (generation, label, id, article_id, section, paragraphs, text, sentences, span_start, span_end, sentence_vectors,
           title_length, section_length, body_length) VALUES ${placeholders(rows.length, COLUMNS)}`,
        values,
      );
    }
  }

  private async insertPendingPostings(chunks: Array<{ label: number; frequencies: ReturnType<typeof fieldFrequencies> }>): Promise<void> {
    const labels: number[] = [];
    const terms: string[] = [];
    const title: number[] = [];
    const section: number[] = [];
    const body: number[] = [];
    for (const { label, frequencies } of chunks) {
      for (const [term, tf] of frequencies.terms) {
        labels.push(label);
        terms.push(term);
        title.push(tf[0]);
        section.push(tf[1]);
        body.push(tf[2]);
        this.newTerms.add(term);
      }
    }
    if (labels.length === 0) return;
    await this.pool.query(
      `INSERT INTO pending_postings (generation, label, term, tf_title, tf_section, tf_body)
       SELECT $1, * FROM unnest($2::int[], $3::text[], $4::smallint[], $5::smallint[], $6::smallint[])`,
      [this.generation.id, labels, terms, title, section, body],
    );
  }

  private async insertArticles(entries: ArticleEntry[]): Promise<void> {
    const COLUMNS = 13;
    for (let start = 0; start < entries.length; start += ROWS_PER_INSERT) {
      const rows = entries.slice(start, start + ROWS_PER_INSERT);
      const values = rows.flatMap((entry, i) => [
        this.generation.id,
        entry.id,
        start + i,
        entry.file,
        entry.title,
        entry.source ?? null,
        entry.url ?? null,
        entry.published ?? null,
        entry.language,
        entry.contentHash,
        entry.labels,
        entry.embedded,
        entry.indexedAt,
      ]);
      await this.pool.query(
        `INSERT INTO articles (generation, id, position, file, title, source, url, published, language, content_hash, labels, embedded, indexed_at)
         VALUES ${placeholders(rows.length, COLUMNS)}`,
        values,
      );
    }
  }

  /**
   * The generation's lexical statistics and postings, from the copied postings of the kept chunks
   * and the new chunks' pending ones: chunk count and average field lengths, each term's document
   * frequency, each posting's BM25F weight, the vocabulary's trigrams; then the counts.
   */
  private async finish(): Promise<void> {
    const id = this.generation.id;
    const previous = this.previous?.info.id ?? null;
    await this.pool.query(
      `UPDATE generations g SET next_label = $2, chunk_count = s.n, embedded_count = $3,
         avg_title_length = s.title, avg_section_length = s.section, avg_body_length = s.body
       FROM (SELECT count(*) AS n, coalesce(sum(title_length)::float8 / nullif(count(*), 0), 0) AS title,
               coalesce(sum(section_length)::float8 / nullif(count(*), 0), 0) AS section,
               coalesce(sum(body_length)::float8 / nullif(count(*), 0), 0) AS body
             FROM chunks WHERE generation = $1) AS s
       WHERE g.id = $1`,
      [id, this.nextLabel, this.keptVectors.length + this.vectorsWritten],
    );
    const all = `(SELECT term, label, tf_title, tf_section, tf_body FROM postings WHERE generation = $2 AND label = ANY ($3::int[])
      UNION ALL SELECT term, label, tf_title, tf_section, tf_body FROM pending_postings WHERE generation = $1)`;
    const unseen = await this.termsNotIn(previous);
    await this.pool.query(
      `INSERT INTO terms (generation, term, chunks, grams)
       SELECT $1, d.term, d.chunks, coalesce(p.grams, n.grams)
       FROM (SELECT term, count(*) AS chunks FROM ${all} AS u GROUP BY term) AS d
       LEFT JOIN terms p ON p.generation = $2 AND p.term = d.term
       LEFT JOIN unnest($4::text[], $5::int[]) AS n (term, grams) ON n.term = d.term`,
      [id, previous, this.kept, unseen, unseen.map((term) => distinctNgrams(term).length)],
    );
    // weight = idf(t) · saturate(x), x = Σ_f w_f · tf_f · fieldNorm(len_f, avglen_f): lexical/bm25.ts, in its operation order.
    const norm = (field: string) => `(CASE WHEN g.avg_${field}_length > 0 THEN 1 / (1 - $7::float8 + ($7::float8 * c.${field}_length) / g.avg_${field}_length) ELSE 1 END)`;
    await this.pool.query(
      `INSERT INTO postings (generation, term, label, tf_title, tf_section, tf_body, weight)
       SELECT $1, u.term, u.label, u.tf_title, u.tf_section, u.tf_body,
         ln(1 + (g.chunk_count - t.chunks + 0.5::float8) / (t.chunks + 0.5::float8)) * (x.x * ($6::float8 + 1)) / (x.x + $6::float8)
       FROM ${all} AS u
       JOIN chunks c ON c.generation = $1 AND c.label = u.label
       JOIN terms t ON t.generation = $1 AND t.term = u.term
       CROSS JOIN (SELECT * FROM generations WHERE id = $1) AS g
       CROSS JOIN LATERAL (SELECT $4::float8 * u.tf_title * ${norm('title')} + $5::float8 * u.tf_section * ${norm('section')} + $8::float8 * u.tf_body * ${norm('body')} AS x) AS x`,
      [id, previous, this.kept, FIELD_WEIGHTS[0], FIELD_WEIGHTS[1], K1, B, FIELD_WEIGHTS[2]],
    );
    if (previous !== null) {
      await this.pool.query(
        `INSERT INTO term_grams (generation, gram, term)
         SELECT $1, g.gram, g.term FROM term_grams g JOIN terms t ON t.generation = $1 AND t.term = g.term WHERE g.generation = $2`,
        [id, previous],
      );
    }
    await this.insertGrams(unseen);
    await this.pool.query('DELETE FROM pending_postings WHERE generation = $1', [id]);
  }

  /** The new chunks' terms the previous generation's vocabulary lacks (their trigrams are computed here). */
  private async termsNotIn(previous: number | null): Promise<string[]> {
    const terms = [...this.newTerms];
    if (previous === null || terms.length === 0) return terms;
    const { rows } = await this.pool.query<{ term: string }>(
      `SELECT n.term FROM unnest($2::text[]) AS n (term) WHERE NOT EXISTS (SELECT 1 FROM terms t WHERE t.generation = $1 AND t.term = n.term)`,
      [previous, terms],
    );
    return rows.map((row) => row.term);
  }

  private async insertGrams(terms: string[]): Promise<void> {
    const GRAMS_PER_INSERT = 20_000;
    let grams: string[] = [];
    let owners: string[] = [];
    const flush = async () => {
      if (grams.length === 0) return;
      await this.pool.query(`INSERT INTO term_grams (generation, gram, term) SELECT $1, * FROM unnest($2::text[], $3::text[])`, [this.generation.id, grams, owners]);
      grams = [];
      owners = [];
    };
    for (const term of terms) {
      for (const gram of distinctNgrams(term)) {
        grams.push(gram);
        owners.push(term);
      }
      if (grams.length >= GRAMS_PER_INSERT) await flush();
    }
    await flush();
  }
}
