import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../../src/corpus/types.ts';
import type { Embedder } from '../../src/embed/types.ts';
import { defaultHnswOptions } from '../../src/index/hnswIndex.ts';
import { IndexSnapshot } from '../../src/index/indexSnapshot.ts';
import { reindex } from '../../src/index/reindex.ts';
import { toSearchTerms } from '../../src/text/terms.ts';
import { extraArticle, seedFiles, tempDir, writeCorpus } from '../support/corpusFiles.ts';
import { testEmbedder } from '../support/testApp.ts';

const chunk = { maxTokens: 200, overlapSentences: 1 };
const queries = ['How many soldiers were sent to Kursk?', 'بلينكين في بروكسل', 'Patriot batteries Germany', 'winter energy plan drones'];

/** Counts the passages the model is asked to embed. */
function counting(embedder: Embedder): Embedder & { passages: number } {
  const counter = Object.create(embedder) as Embedder & { passages: number };
  counter.passages = 0;
  counter.embedPassages = async (passages) => {
    counter.passages += passages.length;
    return embedder.embedPassages(passages);
  };
  return counter;
}

async function topChunkIds(snapshot: IndexSnapshot, embedder: Embedder): Promise<string[][]> {
  const results: string[][] = [];
  for (const query of queries) {
    const dense = (await snapshot.searchDense(await embedder.embedQuery(query), 3)).map((hit) => hit.label);
    const lexical = (await snapshot.searchLexical(toSearchTerms(query), 3)).hits.map((hit) => hit.label);
    const chunks = await snapshot.chunks([...dense, ...lexical]);
    results.push(chunks.map((chunk) => chunk.id));
  }
  return results;
}

async function allChunkIds(snapshot: IndexSnapshot): Promise<string[]> {
  const labels = snapshot.articles.flatMap((article) => article.labels);
  return (await snapshot.chunks(labels)).map((chunk) => chunk.id).sort();
}

describe('reindex', () => {
  let root: string;
  let embedder: Embedder;

  beforeAll(async () => {
    root = await tempDir('reindex');
    embedder = await testEmbedder(root);
  });
  afterAll(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  const run = (indexDir: string, articles: Article[], model: Embedder | undefined, full = false) =>
    reindex({ indexDir, articles, embedder: model, chunk, hnsw: defaultHnswOptions, full });
  const open = (indexDir: string) => IndexSnapshot.open(indexDir, { efSearch: 100 }).then((snapshot) => snapshot!);

  it('embeds, saves and loads an index that finds Arabic passages from English and Arabic questions', async () => {
    const indexDir = path.join(root, 'basic');
    const articles = await writeCorpus(path.join(root, 'basic-corpus'), await seedFiles());
    const summary = await run(indexDir, articles, embedder);
    expect(summary.articles.added).toHaveLength(2);
    expect(summary.chunks.withoutVectors).toBe(0);

    const snapshot = await open(indexDir);
    expect(snapshot.manifest.model).toEqual({ id: 'test-org/bilingual-mini', dimension: 64, queryPrefix: '', passagePrefix: '' });
    const [english] = await snapshot.searchDense(await embedder.embedQuery('How many soldiers were sent to Kursk?'), 1);
    const [kursk] = await snapshot.chunks([english!.label]);
    expect(kursk!.text).toContain('كورسك');
    const [arabic] = await snapshot.chunks([(await snapshot.searchLexical(toSearchTerms('كم عدد الجنود في منطقة كورسك'), 1)).hits[0]!.label]);
    expect(arabic!.text).toContain('كورسك');
    await snapshot.close();
  });

  it('gives the same index after adding, changing and deleting articles as a full rebuild, and leaves unchanged articles alone', async () => {
    const corpus = path.join(root, 'incremental-corpus');
    const indexDir = path.join(root, 'incremental');
    const files = await seedFiles();
    await run(indexDir, await writeCorpus(corpus, files), embedder);

    const seedName = Object.keys(files)[0]!;
    const englishName = Object.keys(files)[1]!;
    await fs.writeFile(path.join(corpus, 'kyiv-energy.md'), extraArticle);
    await fs.writeFile(path.join(corpus, englishName), files[englishName]!.replace('two additional Patriot batteries', 'three additional Patriot batteries'));
    await fs.rm(path.join(corpus, seedName));
    await fs.writeFile(path.join(corpus, 'seed-copy.md'), files[seedName]!);
    const changed = await writeCorpus(corpus, {});

    const model = counting(embedder);
    const summary = await run(indexDir, changed, model);
    expect(summary.articles.added.sort()).toEqual(['kyiv-energy', 'seed-copy']);
    expect(summary.articles.updated).toEqual(['brussels-nato-talks']);
    expect(summary.articles.removed).toEqual(['2024-11-13-us-vows-response-north-korea-russia-ukraine']);
    expect(model.passages).toBe(summary.chunks.added);

    const fullDir = path.join(root, 'incremental-full');
    await run(fullDir, changed, embedder, true);
    const incremental = await open(indexDir);
    const full = await open(fullDir);
    expect(await allChunkIds(incremental)).toEqual(await allChunkIds(full));
    expect(await topChunkIds(incremental, embedder)).toEqual(await topChunkIds(full, embedder));
    await incremental.close();
    await full.close();

    const again = counting(embedder);
    const noop = await run(indexDir, changed, again);
    expect(noop.articles.unchanged).toBe(3);
    expect(again.passages).toBe(0);
  });

  it('indexes lexically without a model, then embeds what was missed once the model is back', async () => {
    const indexDir = path.join(root, 'degraded');
    const articles = await writeCorpus(path.join(root, 'degraded-corpus'), await seedFiles());
    const offline = await run(indexDir, articles, undefined);
    expect(offline.model).toBeNull();
    expect(offline.chunks.withoutVectors).toBe(offline.chunks.total);
    const lexicalOnly = await open(indexDir);
    expect(lexicalOnly.hasVectors).toBe(false);
    expect((await lexicalOnly.searchLexical(toSearchTerms('Patriot'), 1)).hits).toHaveLength(1);
    await lexicalOnly.close();

    const model = counting(embedder);
    const online = await run(indexDir, articles, model);
    expect(online.articles.embedded.sort()).toEqual(articles.map((article) => article.id).sort());
    expect(online.chunks.withoutVectors).toBe(0);
    expect(model.passages).toBe(online.chunks.total);
    const embedded = await open(indexDir);
    expect(embedded.embeddedChunkCount).toBe(online.chunks.total);
    const [stored] = await embedded.chunks([embedded.articles[0]!.labels[0]!]);
    expect(stored!.sentenceVectors.every((vector) => vector instanceof Int8Array)).toBe(true);
    await embedded.close();
  });

  it('refuses to add vectors of another model to an index and says to rebuild', async () => {
    const indexDir = path.join(root, 'other-model');
    const articles = await writeCorpus(path.join(root, 'other-model-corpus'), await seedFiles());
    await run(indexDir, articles, embedder);
    const other = Object.assign(Object.create(embedder) as Embedder, { modelId: 'someone/other-model' });
    await expect(run(indexDir, [...articles], other)).rejects.toThrow(
      /was built with the model test-org\/bilingual-mini \(64 dimensions\), but EMBEDDING_MODEL is someone\/other-model \(64 dimensions\); vectors of two models cannot be mixed\. Run `npm run index -- --full`/,
    );
    await expect(run(indexDir, articles, other, true)).resolves.toMatchObject({ model: 'someone/other-model', full: true });
  });

  it('refuses incremental updates when the chunker settings changed', async () => {
    const indexDir = path.join(root, 'chunker');
    const articles = await writeCorpus(path.join(root, 'chunker-corpus'), await seedFiles());
    await run(indexDir, articles, undefined);
    await expect(
      reindex({ indexDir, articles, embedder: undefined, chunk: { maxTokens: 120, overlapSentences: 1 }, hnsw: defaultHnswOptions }),
    ).rejects.toThrow(/chunked with CHUNK_MAX_TOKENS=200 and CHUNK_OVERLAP_SENTENCES=1; the settings now say 120 and 1/);
  });
});
