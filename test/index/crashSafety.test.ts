import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultHnswOptions } from '../../src/index/hnswIndex.ts';
import { IndexSnapshot } from '../../src/index/indexSnapshot.ts';
import { reindex } from '../../src/index/reindex.ts';
import { toSearchTerms } from '../../src/text/terms.ts';
import { seedFiles, tempDir, writeCorpus } from '../support/corpusFiles.ts';
import { repoRoot, testEmbedder } from '../support/testApp.ts';

const chunk = { maxTokens: 200, overlapSentences: 1 };

/** Opens the live generation and reads every chunk of it: a usable index, not just a readable manifest. */
async function assertUsable(indexDir: string): Promise<number> {
  const snapshot = await IndexSnapshot.open(indexDir, { efSearch: 100 });
  expect(snapshot).toBeDefined();
  const labels = snapshot!.articles.flatMap((article) => article.labels);
  const chunks = await snapshot!.chunks(labels);
  expect(chunks.map((chunk) => chunk.label)).toEqual(labels);
  expect(snapshot!.searchLexical(toSearchTerms('كورسك Kursk Patriot'), 3).length).toBeGreaterThan(0);
  const count = snapshot!.chunkCount;
  await snapshot!.close();
  return count;
}

describe('crash safety of saving', () => {
  let root: string;

  beforeAll(async () => {
    root = await tempDir('crash');
  });
  afterAll(async () => {
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

  it('leaves a usable index whenever the process is killed during a reindex', async () => {
    const corpusDir = path.join(root, 'kill-corpus');
    const indexDir = path.join(root, 'kill');
    await writeCorpus(corpusDir, await seedFiles());
    for (const delayMs of [0, 60, 150]) {
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'test/support/reindexForever.ts'), corpusDir, indexDir, root], {
        cwd: repoRoot,
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      // Kill it in the middle of its reindexing rounds, at a different point each time.
      await new Promise<void>((resolve, reject) => {
        let rounds = 0;
        child.stdout.on('data', (data: Buffer) => {
          rounds += data.toString().split('\n').filter(Boolean).length;
          if (rounds === 2) setTimeout(resolve, delayMs);
        });
        child.on('exit', (code) => reject(new Error(`the reindex loop stopped by itself (exit ${code})`)));
      });
      const exited = new Promise((resolve) => child.on('exit', resolve));
      child.kill('SIGKILL');
      await exited;
      await assertUsable(indexDir);
    }
  }, 60_000);
});
