import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src/app/app.ts';
import { libraryPaths, parseLibraryId } from '../../src/app/library.ts';
import { UserFacingError } from '../../src/errors.ts';
import { IndexSnapshot } from '../../src/index/indexSnapshot.ts';
import { silentLogger } from '../../src/util/logger.ts';
import { ReindexChild } from '../support/reindexChild.ts';
import { createTestApp, testSettings, type TestApp } from '../support/testApp.ts';

const A = '190000000000000001';
const B = '190000000000000002';
const article = (title: string, text: string) => ({ file: { name: `${title.toLowerCase().replace(/\W+/gu, '-')}.md`, bytes: Buffer.from(`---\ntitle: ${title}\nlanguage: en\n---\n${text}\n`) } });

/** Every file under a folder with its sha256: what "left intact" is checked against. */
async function fingerprint(dir: string): Promise<Record<string, string>> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  const files: Record<string, string> = {};
  for (const entry of entries.filter((e) => e.isFile()).sort((a, b) => a.name.localeCompare(b.name))) {
    const file = path.join(entry.parentPath, entry.name);
    files[path.relative(dir, file)] = createHash('sha256').update(await fs.readFile(file)).digest('hex');
  }
  return files;
}

class FakeClock {
  time = Date.parse('2025-01-01T00:00:00Z');
  now = () => this.time;
}

describe('the libraries of the servers', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.cleanup();
    t = undefined;
  });
  afterAll(() => ReindexChild.stopAll());

  it('refuses a library id that is not a Discord server id before it becomes a folder name', () => {
    for (const bad of ['../etc', '12345', 'a1234567890123456', '1234567890123456789012345', '']) {
      expect(() => parseLibraryId(bad)).toThrow(UserFacingError);
    }
    expect(() => parseLibraryId('../../secret')).toThrow('"../../secret" is not a library: give a Discord server id (15 to 22 digits) or "shared".');
    expect(parseLibraryId(A)).toBe(A);
    expect(parseLibraryId('shared')).toBe('shared');
  });

  it("creates a server's library with its first article, and keeps it apart from the shared one", async () => {
    t = await createTestApp();
    expect(await t.app.libraries.server(A)).toBeUndefined();
    const added = await t.app.addArticle(article('Harbour lighthouse reopens', 'The harbour lighthouse reopened on Sunday after three years.'), A);
    expect(added).toMatchObject({ status: 'added', id: 'harbour-lighthouse-reopens' });
    const paths = libraryPaths(A, t.settings);
    expect(paths.corpusDir).toBe(path.join(t.settings.dataDir, 'libraries', A, 'corpus'));
    await expect(fs.readdir(paths.corpusDir)).resolves.toEqual(['harbour-lighthouse-reopens.md']);
    expect((await t.app.articles({ kind: 'server', guildId: A })).map((a) => [a.library, a.id])).toEqual([
      ['server', 'harbour-lighthouse-reopens'],
      ['shared', '2024-11-13-us-vows-response-north-korea-russia-ukraine'],
    ]);
    expect((await t.app.articles({ kind: 'server', guildId: B })).map((a) => a.library)).toEqual(['shared']);
    expect(await t.app.libraries.serverIds()).toEqual([A]);
  });

  it.each([
    ['all', ['server', 'shared'], ['shared']],
    ['dm-only', ['server'], ['shared']],
    ['off', ['server'], []],
  ])('SHARED_LIBRARY=%s: a server asks %j, a DM %j, the command line the shared library', async (policy, inServer, inDm) => {
    t = await createTestApp({ settings: { SHARED_LIBRARY: policy } });
    await t.app.addArticle(article('Harbour lighthouse reopens', 'The harbour lighthouse reopened on Sunday after three years.'), A);
    const libraries = async (scope: Parameters<TestApp['app']['articles']>[0]) => [...new Set((await t!.app.articles(scope)).map((a) => a.library))];
    expect(await libraries({ kind: 'server', guildId: A })).toEqual(inServer);
    expect(await libraries({ kind: 'dm', userId: A })).toEqual(inDm);
    expect(await libraries({ kind: 'local' })).toEqual(['shared']);
    const answer = await t.app.ask('What did the United States vow about North Korea and Russia?', { scope: { kind: 'server', guildId: A } });
    const cited = answer.ok ? answer.answer.passages.map((passage) => passage.citation.library) : [];
    expect(cited.includes('shared')).toBe(policy === 'all');
  });

  it('closes a server library left idle, and opens it again on its next question', async () => {
    const clock = new FakeClock();
    t = await createTestApp({ clock, settings: { LIBRARY_IDLE_SECONDS: '60' } });
    await t.app.addArticle(article('Harbour lighthouse reopens', 'The harbour lighthouse reopened on Sunday after three years.'), A);
    expect(t.app.libraries.openCount).toBe(1);
    clock.time += 59_000;
    await t.app.libraries.closeIdle();
    expect(t.app.libraries.openCount).toBe(1);
    clock.time += 2_000;
    await t.app.libraries.closeIdle();
    expect(t.app.libraries.openCount).toBe(0);
    const answer = await t.app.ask('When did the harbour lighthouse reopen?', { scope: { kind: 'server', guildId: A } });
    expect(answer.ok && answer.answer.passages[0]?.citation).toMatchObject({ library: 'server', articleId: 'harbour-lighthouse-reopens' });
    expect(t.app.libraries.openCount).toBe(1);
  });

  it('keeps at most MAX_OPEN_LIBRARIES open, closing the one unused longest', async () => {
    const clock = new FakeClock();
    t = await createTestApp({ clock, settings: { MAX_OPEN_LIBRARIES: '1' } });
    await t.app.addArticle(article('Harbour lighthouse reopens', 'The harbour lighthouse reopened on Sunday.'), A);
    clock.time += 1_000;
    await t.app.addArticle(article('Island ferry timetable', 'The island ferry leaves every forty minutes.'), B);
    expect(t.app.libraries.openCount).toBe(1);
    const answer = await t.app.ask('When did the harbour lighthouse reopen?', { scope: { kind: 'server', guildId: A } });
    expect(answer.ok && answer.answer.passages[0]?.citation.articleId).toBe('harbour-lighthouse-reopens');
    expect(t.app.libraries.openCount).toBe(1);
  });

  it("survives a kill -9 during B's reindex: A's and the shared library untouched, B's last generation readable", async () => {
    t = await createTestApp();
    await t.app.addArticle(article('Harbour lighthouse reopens', 'The harbour lighthouse reopened on Sunday.'), A);
    await t.app.addArticle(article('Island ferry timetable', 'The island ferry leaves every forty minutes.'), B);
    await t.app.close();
    const before = { shared: await fingerprint(t.settings.indexDir), a: await fingerprint(libraryPaths(A, t.settings).indexDir) };
    const b = libraryPaths(B, t.settings);
    const model = JSON.stringify({ ...(await testSettings(t.root)).model, batchSize: 1 });
    const child = new ReindexChild('writing', [b.corpusDir, b.indexDir, model, 'writing', '0', '1']);
    try {
      await child.runToKillPoint();
    } finally {
      await child.stop();
    }
    expect(await fingerprint(t.settings.indexDir)).toEqual(before.shared);
    expect(await fingerprint(libraryPaths(A, t.settings).indexDir)).toEqual(before.a);
    const snapshot = (await IndexSnapshot.open(b.indexDir, { efSearch: 100 }))!;
    try {
      expect(snapshot.articles.map((entry) => entry.id)).toContain('island-ferry-timetable');
      await expect(snapshot.chunks(snapshot.articles.flatMap((entry) => entry.labels))).resolves.toHaveLength(snapshot.chunkCount);
    } finally {
      await snapshot.close();
    }
    // And the bot opens them all again.
    const reopened = new App({ settings: t.settings, logger: silentLogger });
    try {
      await reopened.start();
      const answer = await reopened.ask('How often does the island ferry leave?', { scope: { kind: 'server', guildId: B } });
      expect(answer.ok && answer.answer.passages[0]?.citation.articleId).toBe('island-ferry-timetable');
    } finally {
      await reopened.close();
    }
  }, 90_000);
});
