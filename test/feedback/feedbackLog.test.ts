import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FeedbackLog, type FeedbackRecord } from '../../src/feedback/feedbackLog.ts';
import { hashUserId } from '../../src/feedback/hashUserId.ts';

describe('the feedback log', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'feedback-'));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  const vote: FeedbackRecord = { type: 'vote', vote: 'down', offset: 0, chunkIds: ['a:1'], at: '2025-01-01T00:00:00.000Z', question: 'Q?', language: 'en', generation: 'abcdef12', user: hashUserId('1') };

  it('appends one JSON line per record, creating its folder, and reads them back', async () => {
    const log = new FeedbackLog(path.join(dir, 'data', 'feedback.jsonl'));
    const notFound: FeedbackRecord = { type: 'not-found', at: '2025-01-01T00:00:01.000Z', question: 'كعكة؟', language: 'ar', generation: 'abcdef12', user: hashUserId('2') };
    await Promise.all([log.append(vote), log.append(notFound), log.append(vote)]);
    expect((await fs.readFile(log.file, 'utf8')).trim().split('\n')).toHaveLength(3);
    expect(await log.read()).toEqual({ records: [vote, notFound, vote], skippedLines: 0 });
  });

  it('skips lines it cannot read and reads a missing file as empty', async () => {
    const log = new FeedbackLog(path.join(dir, 'feedback.jsonl'));
    expect(await log.read()).toEqual({ records: [], skippedLines: 0 });
    await fs.writeFile(log.file, `${JSON.stringify(vote)}\n{"type":"vote"\n{"type":"other"}\n\n`);
    expect(await log.read()).toEqual({ records: [vote], skippedLines: 2 });
  });

  it('keeps a hash of the user id, never the id', () => {
    expect(hashUserId('1100000000000000004')).toMatch(/^[0-9a-f]{16}$/u);
    expect(hashUserId('1100000000000000004')).not.toContain('1100000000000000004');
    expect(hashUserId('1')).not.toBe(hashUserId('2'));
  });
});
