import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/loadCorpus.ts';
import type { Embedder } from '../../src/embed/types.ts';
import { readCurrent } from '../../src/index/generations.ts';
import { defaultHnswOptions } from '../../src/index/hnswIndex.ts';
import { IndexSnapshot } from '../../src/index/indexSnapshot.ts';
import { indexFiles } from '../../src/index/manifest.ts';
import { reindex } from '../../src/index/reindex.ts';
import { toSearchTerms } from '../../src/text/terms.ts';
import { seedFiles, tempDir, writeCorpus } from '../support/corpusFiles.ts';
import { counterTitle, KILL_POINTS, publishedBefore, type KillPoint } from '../support/killPoints.ts';
import { KILL_TEST_TIMEOUT_MS, ReindexChild } from '../support/reindexChild.ts';
import { testEmbedder, testSettings } from '../support/testApp.ts';

const chunk = { maxTokens: 200, overlapSentences: 1 };
/**
 * Opens the live generation and reads every chunk of it: a usable index, not just a readable
 * manifest. With `counter`, the generation must be the one that indexed that round of the counter article.
 */
async function assertUsable(indexDir: string, counter?: string, context?: string): Promise<number> {
  const snapshot = await IndexSnapshot.open(indexDir, { efSearch: 100 });
  expect(snapshot, context).toBeDefined();
  try {
    const labels = snapshot!.articles.flatMap((article) => article.labels);
    const chunks = await snapshot!.chunks(labels);
    expect(chunks.map((chunk) => chunk.label), context).toEqual(labels);
    expect((await snapshot!.searchLexical(toSearchTerms('كورسك Kursk Patriot'), 3)).hits.length, context).toBeGreaterThan(0);
    if (counter) {
      const counters = snapshot!.articles.filter((article) => article.title.startsWith('Round ')).map((article) => article.title);
      expect(counters, context).toEqual([counter]);
    }
    return snapshot!.chunkCount;
  } finally {
    await snapshot!.close();
  }
}

describe('crash safety of saving', () => {
  let root: string;

  beforeAll(async () => {
    root = await tempDir('crash');
  });
  afterAll(async () => {
    await ReindexChild.stopAll();
    await fs.rm(root, { recursive: true, force: true });
  });

  it('keeps the previous index when a save fails right before the new generation is published', async () => {
    const indexDir = path.join(root, 'throw');
    const articles = await writeCorpus(path.join(root, 'throw-corpus'), await seedFiles());
    const embedder = await testEmbedder(root);
    await reindex({ indexDir, articles: articles.slice(0, 1), embedder, chunk, hnsw: defaultHnswOptions });
    const before = await assertUsable(indexDir);

    await expect(
      reindex({
        indexDir,
        articles,
        embedder,
        chunk,
        hnsw: defaultHnswOptions,
        beforePublish: () => {
          throw new Error('disk full');
        },
      }),
    ).rejects.toThrow('disk full');
    expect(await assertUsable(indexDir)).toBe(before);

    // The unfinished folder does not get in the way of the next save.
    const summary = await reindex({ indexDir, articles, embedder, chunk, hnsw: defaultHnswOptions });
    expect(summary.articles.added).toHaveLength(1);
    expect(await assertUsable(indexDir)).toBeGreaterThan(before);
    const leftovers = (await fs.readdir(indexDir)).filter((name) => name.endsWith('.tmp'));
    expect(leftovers).toEqual([]);
  });

  it('leaves a usable index when the process is killed at any point of a reindex', async () => {
    const corpusDir = path.join(root, 'kill-corpus');
    const indexDir = path.join(root, 'kill');
    const embedder = await testEmbedder(root);
    // One passage per model call, so that the child can stop between two of them.
    const model = JSON.stringify({ ...(await testSettings(root)).model, batchSize: 1 });
    // All children start at once (loading the model is most of their time) and wait for their turn.
    // Each completes a round (a generation to fall back on, a stale one to remove), then freezes at
    // its kill point in its second round and is killed there.
    const children = KILL_POINTS.map((point, i) => new ReindexChild(point, [corpusDir, indexDir, model, point, String(i * 10), '1']));
    try {
      await reindex({ indexDir, articles: await writeCorpus(corpusDir, await seedFiles()), embedder, chunk, hnsw: defaultHnswOptions });
      for (const child of children) await killAndCheck(child, indexDir, corpusDir, embedder);
    } finally {
      await Promise.all(children.map((child) => child.stop()));
    }
  }, KILL_TEST_TIMEOUT_MS);
});

/** Lets a child run to its kill point, kills it there, and checks the index it leaves and the next reindex. */
async function killAndCheck(child: ReindexChild, indexDir: string, corpusDir: string, embedder: Embedder): Promise<void> {
  const round = await child.runToKillPoint();
  await child.stop();
  const context = `killed at ${child.point} in round ${round}`;
  const before = child.generations().get(round - 1);
  expect(before, context).toBeDefined();
  const live = await readCurrent(indexDir);
  await expectLeftovers(child.point, indexDir, live!, context);

  // The index opens at the last generation published, whole: the one before the round unless the kill came after publishing.
  if (publishedBefore(child.point)) expect(live, context).not.toBe(before);
  else expect(live, context).toBe(before);
  await assertUsable(indexDir, counterTitle(publishedBefore(child.point) ? round : round - 1), context);

  // The next reindex succeeds, brings the index up to date and leaves no unfinished folder behind.
  const { articles } = await loadCorpus(corpusDir);
  await reindex({ indexDir, articles, embedder, chunk, hnsw: defaultHnswOptions });
  await assertUsable(indexDir, counterTitle(round), `the reindex after being ${context}`);
  const after = await fs.readdir(indexDir);
  expect(after.filter((name) => name.endsWith('.tmp')), context).toEqual([]);
  expect(after.filter((name) => name.startsWith('gen-')), context).toHaveLength(2);
}

/** What the kill left in the index folder shows that it came where it was meant to. */
async function expectLeftovers(point: KillPoint, indexDir: string, live: string, context: string): Promise<void> {
  const names = await fs.readdir(indexDir);
  const files = (name: string) => fs.readdir(path.join(indexDir, name));
  const temporary = names.filter((name) => name.startsWith('gen-') && name.endsWith('.tmp'));
  const generations = names.filter((name) => name.startsWith('gen-') && !name.endsWith('.tmp'));
  const unfinished = point === 'writing' || point === 'beforePublish';
  expect(temporary, context).toHaveLength(unfinished ? 1 : 0);
  // Written up to the manifest, or not.
  if (unfinished) expect((await files(temporary[0]!)).includes(indexFiles.manifest), context).toBe(point === 'beforePublish');
  // The new generation is published and the two before it are still there, one of them half removed when killed during the removal.
  if (publishedBefore(point)) {
    expect(generations, context).toHaveLength(3);
    const liveFiles = (await files(live)).length;
    const stale = await Promise.all(generations.filter((name) => name !== live).map(async (name) => (await files(name)).length));
    expect(stale.filter((count) => count < liveFiles), context).toHaveLength(point === 'removing' ? 1 : 0);
  }
}
