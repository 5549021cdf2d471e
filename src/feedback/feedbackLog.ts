import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

const base = {
  /** ISO time of the event. */
  at: z.string(),
  question: z.string(),
  language: z.enum(['ar', 'en']),
  /** Short hash of the index generation that answered. */
  generation: z.string(),
  /** A hash of the Discord user id (see hashUserId), never the id itself. */
  user: z.string(),
};

const recordSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('vote'),
    vote: z.enum(['up', 'down']),
    /** Rank of the first passage of the page voted on. */
    offset: z.number().int().nonnegative(),
    /** Chunks the answer showed; empty when the index changed before the vote and they could not be told. */
    chunkIds: z.array(z.string()),
    ...base,
  }),
  z.object({ type: z.literal('not-found'), ...base }),
]);

export type FeedbackRecord = z.infer<typeof recordSchema>;

export interface FeedbackContents {
  records: FeedbackRecord[];
  /** Lines that could not be read (a crash mid-write, a hand edit); they are skipped. */
  skippedLines: number;
}

/** Where one library's feedback goes: the log file (FeedbackLog) or the database (PostgresFeedback). */
export interface FeedbackStore {
  append(record: FeedbackRecord): Promise<void>;
  /** The records in the order they came, and how many could not be read. */
  read(): Promise<FeedbackContents>;
}

/**
 * The feedback log: one JSON object per line, appended as votes and unanswered questions come in.
 * Appends from one process are written one at a time so lines never interleave.
 */
export class FeedbackLog implements FeedbackStore {
  private writing: Promise<void> = Promise.resolve();

  constructor(readonly file: string) {}

  append(record: FeedbackRecord): Promise<void> {
    const line = `${JSON.stringify(recordSchema.parse(record))}\n`;
    const write = this.writing.then(async () => {
      await fs.mkdir(path.dirname(this.file), { recursive: true });
      await fs.appendFile(this.file, line, 'utf8');
    });
    this.writing = write.catch(() => undefined);
    return write;
  }

  async read(): Promise<FeedbackContents> {
    let text: string;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], skippedLines: 0 };
      throw error;
    }
    const records: FeedbackRecord[] = [];
    let skippedLines = 0;
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        const parsed = recordSchema.safeParse(JSON.parse(line));
        if (parsed.success) records.push(parsed.data);
        else skippedLines += 1;
      } catch {
        skippedLines += 1;
      }
    }
    return { records, skippedLines };
  }
}
