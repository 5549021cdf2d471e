import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { App } from '../../src/app/app.ts';
import { loadSettings, type Settings } from '../../src/config/settings.ts';
import { loadEmbedder } from '../../src/embed/loadEmbedder.ts';
import type { Embedder } from '../../src/embed/types.ts';
import type { Clock } from '../../src/util/clock.ts';
import { silentLogger, type Logger } from '../../src/util/logger.ts';
import { makeTestModel } from '../../src/embed/testModel/index.ts';

export const repoRoot = path.resolve(import.meta.dirname, '../..');
export const seedArticle = path.join(repoRoot, 'corpus', '2024-11-13-us-vows-response-north-korea-russia-ukraine.md');
export const englishFixture = path.join(repoRoot, 'test', 'fixtures', 'corpus', 'brussels-nato-talks.md');
export const TEST_MODEL_ID = 'test-org/bilingual-mini';

let modelRoot: Promise<string> | undefined;

/** Generates the bilingual test model once per test process, from the bundled corpus and the fixtures. */
export function testModelRoot(): Promise<string> {
  modelRoot ??= (async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'qa-test-model-'));
    const texts = await Promise.all([seedArticle, englishFixture].map((file) => fs.readFile(file, 'utf8')));
    await makeTestModel({ outDir: path.join(root, TEST_MODEL_ID), texts });
    return root;
  })();
  return modelRoot;
}

/** Settings for a test: the test model, folders under `root`, and any overrides. */
export async function testSettings(root: string, overrides: Record<string, string> = {}): Promise<Settings> {
  return loadSettings(
    {
      CORPUS_DIR: path.join(root, 'corpus'),
      DATA_DIR: path.join(root, 'data'),
      EMBEDDING_MODEL: TEST_MODEL_ID,
      MODEL_DIR: await testModelRoot(),
      MODEL_CACHE_DIR: path.join(root, 'model-cache'),
      ALLOW_REMOTE_MODELS: 'false',
      EMBEDDING_THREADS: '1',
      NOT_FOUND_MIN_SIMILARITY: '0.3',
      WATCH_CORPUS: 'false',
      LOG_LEVEL: 'silent',
      ...overrides,
    },
    root,
  );
}

export async function testEmbedder(root: string): Promise<Embedder> {
  return loadEmbedder((await testSettings(root)).model);
}

export interface TestAppOptions {
  /** Article files copied into the corpus folder (default: the seed article). */
  articles?: string[];
  settings?: Record<string, string>;
  logger?: Logger;
  loadEmbedder?: () => Promise<Embedder>;
  reindexInWorker?: boolean;
  clock?: Clock;
}

export interface TestApp {
  app: App;
  root: string;
  settings: Settings;
  cleanup: () => Promise<void>;
}

/** A started App over a temporary corpus and index, with the test model. */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'qa-test-app-'));
  const settings = await testSettings(root, options.settings);
  await fs.mkdir(settings.corpusDir, { recursive: true });
  for (const file of options.articles ?? [seedArticle]) await fs.copyFile(file, path.join(settings.corpusDir, path.basename(file)));
  const app = new App({
    settings,
    logger: options.logger ?? silentLogger,
    loadEmbedder: options.loadEmbedder ?? (() => loadEmbedder(settings.model)),
    reindexInWorker: options.reindexInWorker ?? false,
    ...(options.clock && { clock: options.clock }),
  });
  await app.start();
  return {
    app,
    root,
    settings,
    cleanup: async () => {
      await app.close();
      await fs.rm(root, { recursive: true, force: true });
    },
  };
}
