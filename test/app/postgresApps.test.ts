// Two bot processes' worth of App on one database (STORE=postgres): what one reindexes, the other
// answers from at its next question; both answer while a reindex runs; feedback stays per library.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { App } from '../../src/app/app.ts';
import { loadEmbedder } from '../../src/embed/loadEmbedder.ts';
import { createPostgresStores } from '../../src/index/postgres/index.ts';
import { silentLogger } from '../../src/util/logger.ts';
import { extraArticle } from '../support/corpusFiles.ts';
import { startTestPostgres, type TestPostgres } from '../support/postgres.ts';
import { createTestApp, testSettings, type TestApp } from '../support/testApp.ts';

const SERVER = '190000000000000001';
const OTHER_SERVER = '190000000000000002';

describe('two bots on one PostgreSQL database', () => {
  let database: TestPostgres;
  let first: TestApp;
  let second: App;

  beforeAll(async () => {
    // Two pools (10 connections each at most), the reindex child's and the reindex locks.
    database = await startTestPostgres({ maxConnections: 40 });
    first = await createTestApp({ settings: { STORE: 'postgres', DATABASE_URL: database.url }, reindexInWorker: true });
    // The second bot shares the corpus folders and the database, nothing else.
    const settings = await testSettings(first.root, { STORE: 'postgres', DATABASE_URL: database.url });
    second = new App({ settings, logger: silentLogger, loadEmbedder: () => loadEmbedder(settings.model) });
    await second.start();
  }, 120_000);
  afterAll(async () => {
    await second?.close();
    await first?.cleanup();
    await database?.stop();
  });

  it("answers from the index the other bot built, and from the other's reindex at the next question; both answer while it runs", async () => {
    expect(second.sharedIndex.snapshot?.generation).toBe(first.app.sharedIndex.snapshot?.generation);
    expect(second.indexWhere()).toMatch(/^the PostgreSQL database postgres(ql)?:\/\/\S+ \(library shared\)$/u);
    const before = await second.ask('كم عدد الجنود الكوريين الشماليين في كورسك؟');
    expect(before.ok && before.answer.status).toBe('answered');

    await fs.writeFile(path.join(first.settings.corpusDir, 'kyiv-energy.md'), extraArticle);
    const reindexing = first.app.sharedIndex.reindex();
    const during = await Promise.all([first.app.ask('كورسك'), second.ask('كورسك')]);
    for (const result of during) expect(result.ok && result.answer.status).toBe('answered');
    const summary = await reindexing;
    expect(summary.articles.added).toEqual(['kyiv-energy']);

    const after = await second.ask('winter energy plan against drone attacks');
    expect(after.ok && after.answer.passages[0]?.citation.articleId).toBe('kyiv-energy');
    expect(second.sharedIndex.snapshot?.generation).toBe(summary.generation);
    expect(second.status().articles).toBe(2);
  });

  it("shows each library's feedback to its own server only, whichever bot recorded it", async () => {
    const unanswered = 'ما هو لون الزرافة في حديقة الحيوان؟';
    const asked = await first.app.ask(unanswered, { scope: { kind: 'dm', userId: 'someone' } });
    expect(asked.ok && asked.answer.status).toBe('not-found');
    const shared = await second.feedbackReport('shared', 7);
    expect(shared.totals.notFound).toBe(1);
    expect(shared.groups.map((group) => group.question)).toContain(unanswered);
    expect((await second.feedbackReport(SERVER, 7)).totals.notFound).toBe(0);
    expect((await first.app.feedbackReport(OTHER_SERVER, 7)).totals.notFound).toBe(0);
  });

  it("removes a server's library from the database with its folder", async () => {
    const added = await first.app.addArticle(
      { file: { name: 'harbour.md', bytes: Buffer.from('---\ntitle: Harbour lighthouse reopens\nlanguage: en\n---\nThe harbour lighthouse reopened on Sunday after three years.\n') } },
      SERVER,
    );
    expect(added).toMatchObject({ status: 'added' });
    const answer = await second.ask('When did the harbour lighthouse reopen?', { scope: { kind: 'server', guildId: SERVER } });
    expect(answer.ok && answer.answer.passages[0]?.citation).toMatchObject({ library: 'server', articleId: 'harbour' });
    const stores = await createPostgresStores(database.url, { efSearch: 100, poolMax: 1 });
    try {
      expect((await stores.libraries()).map((library) => library.id)).toContain(SERVER);
      await first.app.libraries.remove(SERVER);
      expect((await stores.libraries()).map((library) => library.id)).not.toContain(SERVER);
      expect(await first.app.libraries.serverIds()).toEqual([]);
    } finally {
      await stores.close();
    }
  });
});
