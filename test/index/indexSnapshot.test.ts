import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IndexFormatError, IndexMismatchError } from '../../src/errors.ts';
import { readCurrent } from '../../src/index/generations.ts';
import { defaultHnswOptions } from '../../src/index/hnswIndex.ts';
import { IndexSnapshot } from '../../src/index/indexSnapshot.ts';
import { reindex } from '../../src/index/reindex.ts';
import { seedFiles, tempDir, writeCorpus } from '../support/corpusFiles.ts';
import { testEmbedder } from '../support/testApp.ts';
import { silentLogger, type Logger } from '../../src/util/logger.ts';

const chunk = { maxTokens: 200, overlapSentences: 1 };

describe('opening an index', () => {
  let root: string;
  let counter = 0;

  beforeAll(async () => {
    root = await tempDir('snapshot');
  });
  afterAll(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  /** A fresh index with vectors; returns its folder and the live generation's folder. */
  async function build(): Promise<{ indexDir: string; generation: string }> {
    counter += 1;
    const indexDir = path.join(root, `index-${counter}`);
    const articles = await writeCorpus(path.join(root, `corpus-${counter}`), await seedFiles());
    await reindex({ indexDir, articles, embedder: await testEmbedder(root), chunk, hnsw: defaultHnswOptions });
    return { indexDir, generation: path.join(indexDir, (await readCurrent(indexDir))!) };
  }

  it('finds nothing to open in an empty folder', async () => {
    await expect(IndexSnapshot.open(path.join(root, 'nothing-here'), { efSearch: 100 })).resolves.toBeUndefined();
  });

  it('refuses an index built with another model and says how to rebuild', async () => {
    const { indexDir, generation } = await build();
    const error = await IndexSnapshot.open(indexDir, { efSearch: 100, expectedModel: { id: 'Xenova/multilingual-e5-small', dimension: 384 } }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(IndexMismatchError);
    expect((error as Error).message).toBe(
      `The index in ${generation} was built with the model test-org/bilingual-mini (64 dimensions), but EMBEDDING_MODEL is ` +
        'Xenova/multilingual-e5-small (384 dimensions); vectors of two models cannot be mixed. ' +
        'Run `npm run index -- --full` to rebuild the index with the new model, or set EMBEDDING_MODEL back.',
    );
  });

  it('names a truncated vector file instead of crashing or answering wrongly', async () => {
    const { indexDir, generation } = await build();
    const file = path.join(generation, 'vectors.hnsw');
    const bytes = await fs.readFile(file);
    await fs.writeFile(file, bytes.subarray(0, bytes.length - 100));
    await expect(IndexSnapshot.open(indexDir, { efSearch: 100 })).rejects.toThrow(
      `The index file ${file} is truncated or damaged (${bytes.length - 100} bytes, expected ${bytes.length}): run \`npm run index -- --full\` to rebuild it from the corpus.`,
    );
  });

  it('catches a chunk file whose bytes were changed when a reindex checks the checksums, and rebuilds', async () => {
    const { indexDir, generation } = await build();
    const segment = (await fs.readdir(generation)).find((name) => name.startsWith('chunks-'))!;
    const file = path.join(generation, segment);
    const bytes = await fs.readFile(file);
    bytes[10] = bytes[10]! ^ 0xff;
    await fs.writeFile(file, bytes);
    const warnings: string[] = [];
    const logger = { ...silentLogger, warn: (fields: { reason: string }) => void warnings.push(fields.reason) } as unknown as Logger;
    const articles = await writeCorpus(path.join(root, `corpus-${counter}`), await seedFiles());
    const summary = await reindex({ indexDir, articles, embedder: await testEmbedder(root), chunk, hnsw: defaultHnswOptions, logger });
    expect(summary.full).toBe(true);
    expect(warnings).toEqual([expect.stringContaining(`The index file ${file} is damaged (its checksum does not match the manifest)`)]);
  });

  it('names a lexical segment whose term dictionary was damaged', async () => {
    const { indexDir, generation } = await build();
    const segment = (await fs.readdir(generation)).find((name) => name.startsWith('lexical-'))!;
    const file = path.join(generation, segment);
    const bytes = await fs.readFile(file);
    bytes[600] = bytes[600]! ^ 0xff;
    await fs.writeFile(file, bytes);
    const error = await IndexSnapshot.open(indexDir, { efSearch: 100 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(IndexFormatError);
    expect((error as Error).message).toBe(`The index in ${generation} cannot be read (${file}: damaged term dictionary): run \`npm run index -- --full\` to rebuild it from the corpus.`);
  });

  it('names a damaged manifest and an index of another format version', async () => {
    const { indexDir, generation } = await build();
    const manifest = path.join(generation, 'manifest.json');
    const json = JSON.parse(await fs.readFile(manifest, 'utf8')) as Record<string, unknown>;
    await fs.writeFile(manifest, JSON.stringify({ ...json, formatVersion: 99 }));
    await expect(IndexSnapshot.open(indexDir, { efSearch: 100 })).rejects.toThrow(
      `The index in ${generation} has format version 99, and this version of the bot reads version 2`,
    );
    await fs.writeFile(manifest, '{"formatVersion": 2, "cut');
    const error = await IndexSnapshot.open(indexDir, { efSearch: 100 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(IndexFormatError);
    expect((error as Error).message).toContain(`The index manifest ${manifest} is missing or damaged`);
  });

  it('rebuilds from the corpus when the live index cannot be read, losing nothing', async () => {
    const { indexDir, generation } = await build();
    await fs.writeFile(path.join(generation, 'manifest.json'), 'garbage');
    const articles = await writeCorpus(path.join(root, `corpus-${counter}`), {});
    const summary = await reindex({ indexDir, articles, embedder: await testEmbedder(root), chunk, hnsw: defaultHnswOptions });
    expect(summary.full).toBe(true);
    expect(summary.articles.added).toHaveLength(2);
    const snapshot = await IndexSnapshot.open(indexDir, { efSearch: 100 });
    expect(snapshot!.articles).toHaveLength(2);
    await snapshot!.close();
  });
});

describe('updating an index whose files are damaged', () => {
  it('rebuilds from the corpus instead of reading a damaged vector file', async () => {
    const root = await tempDir('damaged-update');
    const indexDir = path.join(root, 'index');
    const articles = await writeCorpus(path.join(root, 'corpus'), await seedFiles());
    const embedder = await testEmbedder(root);
    await reindex({ indexDir, articles, embedder, chunk, hnsw: defaultHnswOptions });
    const vectors = path.join(indexDir, (await readCurrent(indexDir))!, 'vectors.hnsw');
    await fs.writeFile(vectors, 'damaged');
    const summary = await reindex({ indexDir, articles, embedder, chunk, hnsw: defaultHnswOptions });
    expect(summary.full).toBe(true);
    const snapshot = await IndexSnapshot.open(indexDir, { efSearch: 100 });
    expect(snapshot!.embeddedChunkCount).toBe(summary.chunks.total);
    await snapshot!.close();
    await fs.rm(root, { recursive: true, force: true });
  });
});
