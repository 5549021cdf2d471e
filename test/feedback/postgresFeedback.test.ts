import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedbackRecord } from '../../src/feedback/feedbackLog.ts';
import { hashUserId } from '../../src/feedback/hashUserId.ts';
import { PostgresFeedback } from '../../src/feedback/postgresFeedback.ts';
import { createPostgresStores, type PostgresStores } from '../../src/index/postgres/index.ts';
import { startTestPostgres, type TestPostgres } from '../support/postgres.ts';

describe('feedback in PostgreSQL', () => {
  let server: TestPostgres;
  let stores: PostgresStores;
  beforeAll(async () => {
    server = await startTestPostgres();
    stores = await createPostgresStores(server.url, { efSearch: 100, poolMax: 1 });
  });
  afterAll(async () => {
    await stores?.close();
    await server?.stop();
  });

  const vote: FeedbackRecord = { type: 'vote', vote: 'down', offset: 5, chunkIds: ['a:1', 'b:2'], at: '2025-01-01T00:00:00.000Z', question: 'Q?', language: 'en', generation: 'abcdef12', user: hashUserId('1') };
  const notFound: FeedbackRecord = { type: 'not-found', at: '2025-01-01T00:00:01.000Z', question: 'كعكة؟', language: 'ar', generation: 'abcdef12', user: hashUserId('2') };

  it('reads back what was appended, in order, as the feedback log does; each library its own', async () => {
    const server = new PostgresFeedback(stores.pool, '190000000000000001');
    const other = new PostgresFeedback(stores.pool, '190000000000000002');
    for (const record of [vote, notFound, { ...vote, chunkIds: [] }]) await server.append(record);
    await other.append(notFound);
    expect(await server.read()).toEqual({ records: [vote, notFound, { ...vote, chunkIds: [] }], skippedLines: 0 });
    expect(await other.read()).toEqual({ records: [notFound], skippedLines: 0 });
    expect(await new PostgresFeedback(stores.pool, 'shared').read()).toEqual({ records: [], skippedLines: 0 });
    expect((await stores.libraries()).find((library) => library.id === '190000000000000001')).toMatchObject({ feedback: 3, generation: undefined });
  });

  it('refuses a malformed record', async () => {
    const feedback = new PostgresFeedback(stores.pool, 'shared');
    await expect(feedback.append({ ...vote, offset: -1 })).rejects.toThrow(/check constraint/);
  });
});
