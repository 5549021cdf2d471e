import type pg from 'pg';
import type { FeedbackContents, FeedbackRecord, FeedbackStore } from './feedbackLog.ts';

interface FeedbackRow {
  type: 'vote' | 'not-found';
  at: Date;
  question: string;
  language: 'ar' | 'en';
  generation: string;
  user_hash: string;
  vote: 'up' | 'down' | null;
  offset: number | null;
  chunk_ids: string[] | null;
}

/**
 * One library's feedback in PostgreSQL (the feedback table of migrations/003_feedback.sql): the
 * same append/read as the feedback log file (feedbackLog.ts), for the PostgreSQL store. It lives
 * here rather than beside the store because feedback records are this stage's; the composition
 * root builds it with the stores' pool. The table's checks refuse a malformed record.
 */
export class PostgresFeedback implements FeedbackStore {
  constructor(
    private readonly pool: pg.Pool,
    readonly library: string,
  ) {}

  async append(record: FeedbackRecord): Promise<void> {
    const vote = record.type === 'vote' ? record : undefined;
    await this.pool.query(
      `INSERT INTO feedback (library, type, at, question, language, generation, user_hash, vote, "offset", chunk_ids)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [this.library, record.type, record.at, record.question, record.language, record.generation, record.user, vote?.vote ?? null, vote?.offset ?? null, vote?.chunkIds ?? null],
    );
  }

  /** The library's records in the order they came; a database has no half-written lines to skip. */
  async read(): Promise<FeedbackContents> {
    const { rows } = await this.pool.query<FeedbackRow>(
      `SELECT type, at, question, language, generation, user_hash, vote, "offset", chunk_ids FROM feedback WHERE library = $1 ORDER BY id`,
      [this.library],
    );
    const records = rows.map((row): FeedbackRecord => {
      const base = { at: row.at.toISOString(), question: row.question, language: row.language, generation: row.generation, user: row.user_hash };
      return row.type === 'vote' ? { type: 'vote', vote: row.vote!, offset: row.offset!, chunkIds: row.chunk_ids!, ...base } : { type: 'not-found', ...base };
    });
    return { records, skippedLines: 0 };
  }
}
