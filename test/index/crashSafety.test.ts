import { spawn, type ChildProcess } from 'node:child_process';
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
import { repoRoot, testEmbedder, testSettings } from '../support/testApp.ts';

const chunk = { maxTokens: 200, overlapSentences: 1 };
const CHILD_SCRIPT = path.join(repoRoot, 'test/support/reindexForever.ts');
/**
 * How long, from their start, the children may take to load the model. They all start at once and
 * take a few seconds on an idle machine, up to 30 s on two cores shared with a dozen busy processes.
 */
const READY_TIMEOUT_MS = 60_000;
/** How long a child may take, once told to go, to reach its kill point (two small rounds; well under 1 s). */
const PAUSE_TIMEOUT_MS = 10_000;
/** Everything else the kill test does takes a few seconds. */
const KILL_TEST_TIMEOUT_MS = READY_TIMEOUT_MS + KILL_POINTS.length * PAUSE_TIMEOUT_MS + 20_000;

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
    expect(snapshot!.searchLexical(toSearchTerms('كورسك Kursk Patriot'), 3).length, context).toBeGreaterThan(0);
    if (counter) {
      const counters = snapshot!.articles.filter((article) => article.title.startsWith('Round ')).map((article) => article.title);
      expect(counters, context).toEqual([counter]);
    }
    return snapshot!.chunkCount;
  } finally {
    await snapshot!.close();
  }
}

/**
 * The reindex loop (test/support/reindexForever.ts) in a child process, read line by line. Its
 * stdout and stderr are kept, never shown, and go into the error when something fails.
 */
class ReindexChild {
  private static readonly running = new Set<ReindexChild>();
  private readonly process: ChildProcess;
  private readonly closed: Promise<void>;
  private readonly lines: string[] = [];
  private readonly listeners = new Set<() => void>();
  private stdout = '';
  private stderr = '';
  private exit: string | undefined;
  private readonly startedAt = Date.now();

  constructor(readonly point: KillPoint, args: string[]) {
    this.process = spawn(process.execPath, ['--import', 'tsx', CHILD_SCRIPT, ...args], { cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'] });
    ReindexChild.running.add(this);
    this.closed = new Promise((resolve) => {
      this.process.once('close', (code, signal) => {
        this.exit = signal ?? `exit ${code}`;
        this.notify();
        resolve();
      });
      this.process.once('error', (error) => {
        this.exit = `could not run: ${error.message}`;
        this.notify();
        resolve();
      });
    });
    this.process.stdin!.on('error', () => {}); // writing to a child that already died
    this.process.stderr!.setEncoding('utf8').on('data', (text: string) => (this.stderr += text));
    let partial = '';
    this.process.stdout!.setEncoding('utf8').on('data', (text: string) => {
      this.stdout += text;
      const lines = (partial + text).split('\n');
      partial = lines.pop()!;
      this.lines.push(...lines);
      this.notify();
    });
  }

  /** Kills every child still running (a test that gave up on one leaves it behind). */
  static stopAll(): Promise<void> {
    return Promise.all([...ReindexChild.running].map((child) => child.stop())).then(() => undefined);
  }

  /** Waits for a complete line `match` accepts; fails if the child stops or takes longer than `timeoutMs`. */
  private waitFor<T>(what: string, timeoutMs: number, match: (words: string[]) => T | undefined): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        for (const line of this.lines) {
          const found = match(line.split(' '));
          if (found !== undefined) return done(() => resolve(found));
        }
        if (this.exit !== undefined) done(() => reject(this.failure(`stopped (${this.exit}) before ${what}`)));
      };
      const seconds = Math.round((Date.now() - this.startedAt + timeoutMs) / 1000);
      const timer = setTimeout(() => done(() => reject(this.failure(`did not get to ${what} within ${seconds} s of its start`))), timeoutMs);
      const done = (settle: () => void) => {
        clearTimeout(timer);
        this.listeners.delete(check);
        settle();
      };
      this.listeners.add(check);
      check();
    });
  }

  /** The generation each completed round published, by round. */
  generations(): Map<number, string> {
    return new Map(this.lines.filter((line) => line.startsWith('round ')).map((line) => [Number(line.split(' ')[1]), line.split(' ')[2]!]));
  }

  /** Lets the child go once it has loaded the model; returns the round it froze at its kill point in. */
  async runToKillPoint(): Promise<number> {
    await this.waitFor('loading the model', this.startedAt + READY_TIMEOUT_MS - Date.now(), ([word]) => (word === 'ready' ? true : undefined));
    this.process.stdin!.write('go\n');
    return this.waitFor(`its kill point ${this.point}`, PAUSE_TIMEOUT_MS, ([word, point, round]) =>
      word === 'paused' && point === this.point ? Number(round) : undefined,
    );
  }

  /** SIGKILLs the child unless it has exited, and waits until it is gone. */
  async stop(): Promise<void> {
    if (this.process.exitCode === null && this.process.signalCode === null) this.process.kill('SIGKILL');
    if (this.process.pid !== undefined) await this.closed;
    ReindexChild.running.delete(this);
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }

  private failure(what: string): Error {
    return new Error(`the reindex child for ${this.point} ${what}\n--- its stdout:\n${this.stdout}\n--- its stderr:\n${this.stderr}`);
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
