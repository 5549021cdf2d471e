import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { extraArticle } from '../support/corpusFiles.ts';
import { App } from '../../src/app/app.ts';
import { silentLogger } from '../../src/util/logger.ts';
import { createTestApp, testSettings, type TestApp } from '../support/testApp.ts';

async function waitFor(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out waiting for the condition');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('the live index', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.cleanup();
    t = undefined;
  });

  it('keeps answering from the current index during a reindex in a child process, then switches to the new one', async () => {
    t = await createTestApp({ reindexInWorker: true });
    const app = t.app;
    const before = app.sharedIndex.snapshot;
    await fs.writeFile(path.join(t.settings.corpusDir, 'kyiv-energy.md'), extraArticle);

    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 5);
    const reindexing = app.sharedIndex.reindex();
    const during = await app.ask('كورسك');
    expect(during.ok && during.answer.status).toBe('answered');
    expect(app.sharedIndex.snapshot).toBe(before);
    const summary = await reindexing;
    clearInterval(timer);

    expect(summary.articles.added).toEqual(['kyiv-energy']);
    expect(app.sharedIndex.snapshot).not.toBe(before);
    // The event loop kept turning while the child process embedded and wrote the index.
    expect(ticks).toBeGreaterThan(5);
    const after = await app.ask('winter energy plan against drone attacks');
    expect(after.ok && after.answer.passages[0]?.citation.articleId).toBe('kyiv-energy');
  });

  it('runs two reindex requests one after the other', async () => {
    t = await createTestApp();
    await fs.writeFile(path.join(t.settings.corpusDir, 'kyiv-energy.md'), extraArticle);
    const [first, second] = await Promise.all([t.app.sharedIndex.reindex(), t.app.sharedIndex.reindex()]);
    expect(first.articles.added).toEqual(['kyiv-energy']);
    expect(second.articles.added).toEqual([]);
    expect(second.articles.unchanged).toBe(2);
  });

  it('reports a failed reindex process as the same error the user can act on', async () => {
    t = await createTestApp({ reindexInWorker: true });
    const rechunked = new App({ settings: await testSettings(t.root, { CHUNK_MAX_TOKENS: '120' }), logger: silentLogger, reindexInWorker: true });
    await expect(rechunked.sharedIndex.reindex()).rejects.toMatchObject({ name: 'IndexMismatchError' });
    await rechunked.close();
  });

  it('makes an article dropped into the corpus folder answerable when watching', async () => {
    t = await createTestApp();
    (t.app.sharedIndex as unknown as { options: { watchDebounceMs: number } }).options.watchDebounceMs = 50;
    t.app.sharedIndex.watch();
    await fs.writeFile(path.join(t.settings.corpusDir, 'kyiv-energy.md'), extraArticle);
    await waitFor(() => t!.app.sharedIndex.snapshot?.article('kyiv-energy') !== undefined);
    await fs.rm(path.join(t.settings.corpusDir, 'kyiv-energy.md'));
    await waitFor(() => t!.app.sharedIndex.snapshot?.article('kyiv-energy') === undefined);
  });
});
