// The behaviour every IndexStore (src/index/store.ts) owes the bot, as one suite: the local
// store (files) and the PostgreSQL store run the same tests (localStore.test.ts,
// postgresStore.test.ts).
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../../src/corpus/types.ts';
import type { Embedder } from '../../src/embed/types.ts';
import { IndexMismatchError } from '../../src/errors.ts';
import type { StoredChunk } from '../../src/index/chunkStore.ts';
import { defaultHnswOptions } from '../../src/index/hnswIndex.ts';
import { distinctTerms, fieldNorm, FIELD_WEIGHTS, idf, LEXICAL_FIELDS, saturate, VARIANT_MIN_DICE, VARIANTS_PER_TERM, type LexicalDoc } from '../../src/index/lexical/bm25.ts';
import { lexicalFields } from '../../src/index/lexical/fields.ts';
import type { IndexReader, IndexStore, ReindexSummary, StoreReindexRequest } from '../../src/index/store.ts';
import { distinctNgrams, ngramDice } from '../../src/text/ngrams.ts';
import { toSearchTerms } from '../../src/text/terms.ts';
import { extraArticle, seedFiles, tempDir, writeCorpus } from '../support/corpusFiles.ts';
import { bruteForceBm25f } from '../support/lexicalGenerations.ts';
import { testEmbedder } from '../support/testApp.ts';

/** One library of the store under test. */
export interface ContractLibrary {
  store: IndexStore;
  /** A reindex that fails from inside at the worst moment: everything written, the new generation not yet live. */
  reindexFailingBeforePublish(request: StoreReindexRequest, fail: () => never): Promise<ReindexSummary>;
  /** What unfinished reindexes left behind (temporary folders, rows of generations that never went live); 0 once cleaned up. */
  leftovers(): Promise<number>;
}

export interface ContractOptions {
  /** A new, empty library; the libraries of one test share one database where the store has one. */
  library: () => Promise<ContractLibrary>;
  /**
   * Crashes only this store can have, each run as a reindex (of the corpus in `corpusDir`, which
   * `request` holds loaded) that must fail and leave the live generation as it was.
   */
  crashes?: Array<{ name: string; reindex: (library: ContractLibrary, request: StoreReindexRequest, corpusDir: string) => Promise<unknown> }>;
  /** Cases this store does not meet yet, by name, each with the reason (they show as skipped). */
  pending?: Partial<Record<ContractCase, string>>;
}

export type ContractCase = 'bm25f';

const chunk = { maxTokens: 200, overlapSentences: 1 };
const questions = ['How many soldiers were sent to Kursk?', 'بلينكين في بروكسل', 'Patriot batteries Germany', 'winter energy plan drones'];

/** Counts the passages the model is asked to embed. */
function counting(embedder: Embedder): Embedder & { passages: number } {
  const counter = Object.create(embedder) as Embedder & { passages: number };
  counter.passages = 0;
  counter.embedPassages = async (passages, options) => {
    counter.passages += passages.length;
    return embedder.embedPassages(passages, options);
  };
  return counter;
}

/** A model that fails on its first call to embed passages. */
function failing(embedder: Embedder): Embedder {
  const broken = Object.create(embedder) as Embedder;
  broken.embedPassages = async () => {
    throw new Error('the model crashed');
  };
  return broken;
}

async function allChunks(reader: IndexReader): Promise<StoredChunk[]> {
  return reader.chunks(reader.articles.flatMap((article) => article.labels));
}

async function allChunkIds(reader: IndexReader): Promise<string[]> {
  return (await allChunks(reader)).map((stored) => stored.id).sort();
}

async function topChunkIds(reader: IndexReader, embedder: Embedder): Promise<string[][]> {
  const results: string[][] = [];
  for (const question of questions) {
    const dense = (await reader.searchDense(await embedder.embedQuery(question), 3)).map((hit) => hit.label);
    const lexical = (await reader.searchLexical(toSearchTerms(question, { query: true }), 3)).hits.map((hit) => hit.label);
    results.push((await reader.chunks([...dense, ...lexical])).map((stored) => stored.id));
  }
  return results;
}

/** Every chunk of a reader as the lexical index sees it (lexical/fields.ts). */
async function lexicalDocs(reader: IndexReader): Promise<LexicalDoc[]> {
  return (await allChunks(reader)).map((stored) => ({ label: stored.label, fields: lexicalFields(stored, reader.article(stored.articleId)!.title) }));
}

/**
 * BM25F as src/index/lexical/bm25.ts defines it, by brute force over every chunk of a reader,
 * a question term no chunk holds replaced by its spelling variants, each at its Dice coefficient.
 */
async function bruteForceWithVariants(reader: IndexReader, terms: readonly string[], k: number): Promise<Array<{ label: number; score: number }>> {
  const docs = await lexicalDocs(reader);
  const total = docs.length;
  const averages = LEXICAL_FIELDS.map((field) => docs.reduce((sum, doc) => sum + doc.fields[field].length, 0) / total);
  const holding = (term: string) => docs.filter((doc) => LEXICAL_FIELDS.some((field) => doc.fields[field].includes(term)));
  const vocabulary = [...new Set(docs.flatMap((doc) => LEXICAL_FIELDS.flatMap((field) => doc.fields[field])))];
  const question = distinctTerms(terms);
  const searched = new Map<string, number>();
  for (const term of question) {
    if (holding(term).length > 0) searched.set(term, 1);
  }
  for (const term of question) {
    if (holding(term).length > 0) continue;
    const variants = vocabulary
      .map((candidate) => ({ candidate, dice: ngramDice(new Set(distinctNgrams(term)), candidate) }))
      .filter((variant) => variant.dice >= VARIANT_MIN_DICE)
      .sort((a, b) => b.dice - a.dice || (a.candidate < b.candidate ? -1 : 1))
      .slice(0, VARIANTS_PER_TERM);
    for (const { candidate, dice } of variants) if (!searched.has(candidate)) searched.set(candidate, dice);
  }
  const scores = new Map<number, number>();
  for (const [term, boost] of searched) {
    const weight = idf(total, holding(term).length) * boost;
    for (const doc of docs) {
      let x = 0;
      LEXICAL_FIELDS.forEach((field, f) => {
        const tf = doc.fields[field].filter((t) => t === term).length;
        x += FIELD_WEIGHTS[f]! * tf * fieldNorm(doc.fields[field].length, averages[f]!);
      });
      if (x > 0) scores.set(doc.label, (scores.get(doc.label) ?? 0) + weight * saturate(x));
    }
  }
  return [...scores]
    .map(([label, score]) => ({ label, score }))
    .sort((a, b) => b.score - a.score || a.label - b.label)
    .slice(0, k);
}

/** Same scores rank by rank (relative 1e-9: SQL and JavaScript may round a logarithm differently), and the same labels outside exact ties. */
function expectSameHits(actual: Array<{ label: number; score: number }>, expected: Array<{ label: number; score: number }>, context: string): void {
  expect(actual.length, context).toBe(expected.length);
  const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
  actual.forEach((hit, i) => {
    expect(close(hit.score, expected[i]!.score), `${context}: rank ${i + 1} scores ${hit.score}, expected ${expected[i]!.score}`).toBe(true);
    const tied = expected.filter((other) => close(other.score, hit.score)).map((other) => other.label);
    expect(tied, `${context}: rank ${i + 1}`).toContain(hit.label);
  });
}

export function describeStoreContract(name: string, options: ContractOptions): void {
  describe(`store contract: ${name}`, () => {
    let root: string;
    let embedder: Embedder;
    let corpusCount = 0;

    beforeAll(async () => {
      root = await tempDir('store-contract');
      embedder = await testEmbedder(root);
    });
    afterAll(async () => {
      await fs.rm(root, { recursive: true, force: true });
    });

    const request = (articles: Article[], model: Embedder | undefined, full = false): StoreReindexRequest => ({
      articles,
      embedder: model,
      chunk,
      hnsw: defaultHnswOptions,
      full,
    });
    const open = async (store: IndexStore) => (await store.open({ expectedModel: { id: embedder.modelId, dimension: embedder.dimension } }))!;

    /** A corpus folder of its own with the seed articles (and `extra` files); returns its folder and articles. */
    async function corpus(extra: Record<string, string> = {}): Promise<{ dir: string; files: Record<string, string>; articles: Article[] }> {
      corpusCount += 1;
      const dir = path.join(root, `corpus-${corpusCount}`);
      const files = { ...(await seedFiles()), ...extra };
      return { dir, files, articles: await writeCorpus(dir, files) };
    }

    /** The seed corpus with the Kyiv article added, the English article changed and the Arabic one removed. */
    async function changeCorpus(dir: string, files: Record<string, string>): Promise<Article[]> {
      const [seedName, englishName] = Object.keys(files);
      await fs.writeFile(path.join(dir, 'kyiv-energy.md'), extraArticle);
      await fs.writeFile(path.join(dir, englishName!), files[englishName!]!.replace('two additional Patriot batteries', 'three additional Patriot batteries'));
      await fs.rm(path.join(dir, seedName!));
      return writeCorpus(dir, {});
    }

    it('finds nothing to open in a library never indexed', async () => {
      const { store } = await options.library();
      await expect(store.open({ expectedModel: undefined })).resolves.toBeUndefined();
    });

    it('adds, updates and removes articles', async () => {
      const { store } = await options.library();
      const { dir, files, articles } = await corpus();
      const first = await store.reindex(request(articles, embedder));
      expect(first).toMatchObject({ full: true, model: embedder.modelId, chunks: { withoutVectors: 0 } });
      expect(first.articles.added.sort()).toEqual(articles.map((article) => article.id).sort());
      const before = await open(store);
      expect(before.articles.map((article) => article.id)).toEqual(articles.map((article) => article.id));
      expect(before.chunkCount).toBe(first.chunks.total);
      expect(before.model).toEqual({ id: embedder.modelId, dimension: embedder.dimension, queryPrefix: '', passagePrefix: '' });

      const changed = await changeCorpus(dir, files);
      const summary = await store.reindex(request(changed, embedder));
      expect(summary.full).toBe(false);
      expect(summary.articles).toMatchObject({
        added: ['kyiv-energy'],
        updated: ['brussels-nato-talks'],
        removed: ['2024-11-13-us-vows-response-north-korea-russia-ukraine'],
        unchanged: 0,
        total: 2,
      });
      const after = await open(store);
      expect(after.articles.map((article) => article.id).sort()).toEqual(['brussels-nato-talks', 'kyiv-energy']);
      expect(after.article('2024-11-13-us-vows-response-north-korea-russia-ukraine')).toBeUndefined();
      const texts = (await allChunks(after)).map((stored) => stored.text).join('\n');
      expect(texts).toContain('three additional Patriot batteries');
      expect(texts).not.toContain('two additional Patriot batteries');
      expect(texts).not.toContain('كورسك');
      expect((await after.searchLexical(toSearchTerms('كورسك', { query: true }), 5)).hits).toEqual([]);
      await before.close();
      await after.close();
    });

    it('gives the same chunks and top results after an incremental reindex as after a full one, and unchanged articles cost no model call', async () => {
      const incremental = await options.library();
      const full = await options.library();
      const { dir, files, articles } = await corpus();
      await incremental.store.reindex(request(articles, embedder));
      const changed = await changeCorpus(dir, files);
      await fs.writeFile(path.join(dir, 'seed-copy.md'), files[Object.keys(files)[0]!]!);
      const corpusNow = await writeCorpus(dir, {});

      const model = counting(embedder);
      const summary = await incremental.store.reindex(request(corpusNow, model));
      expect(summary.articles.added.sort()).toEqual(['kyiv-energy', 'seed-copy']);
      expect(model.passages).toBe(summary.chunks.added);
      expect(changed.length + 1).toBe(corpusNow.length);

      await full.store.reindex(request(corpusNow, embedder, true));
      const a = await open(incremental.store);
      const b = await open(full.store);
      expect(await allChunkIds(a)).toEqual(await allChunkIds(b));
      expect(await topChunkIds(a, embedder)).toEqual(await topChunkIds(b, embedder));
      await a.close();
      await b.close();

      const again = counting(embedder);
      const noop = await incremental.store.reindex(request(corpusNow, again));
      expect(noop.articles.unchanged).toBe(3);
      expect(noop.chunks.added).toBe(0);
      expect(again.passages).toBe(0);
    });

    it('indexes lexically without a model, then embeds what was missed once the model is back', async () => {
      const { store } = await options.library();
      const { articles } = await corpus();
      const offline = await store.reindex(request(articles, undefined));
      expect(offline.model).toBeNull();
      expect(offline.chunks.withoutVectors).toBe(offline.chunks.total);
      const lexicalOnly = (await store.open({ expectedModel: undefined }))!;
      expect(lexicalOnly.hasVectors).toBe(false);
      expect(lexicalOnly.articles.every((article) => !article.embedded)).toBe(true);
      expect(await lexicalOnly.searchDense(await embedder.embedQuery('Kursk'), 3)).toEqual([]);
      expect((await lexicalOnly.searchLexical(toSearchTerms('Patriot'), 1)).hits).toHaveLength(1);
      await lexicalOnly.close();

      const model = counting(embedder);
      const online = await store.reindex(request(articles, model));
      expect(online.articles.embedded.sort()).toEqual(articles.map((article) => article.id).sort());
      expect(online.chunks.withoutVectors).toBe(0);
      expect(model.passages).toBe(online.chunks.total);
      const embedded = await open(store);
      expect(embedded.hasVectors).toBe(true);
      const stored = await allChunks(embedded);
      expect(stored.every((item) => item.sentenceVectors.every((vector) => vector instanceof Int8Array))).toBe(true);
      await embedded.close();
    });

    it('finds the Arabic Kursk paragraph for an English question (dense) and passages by their keywords (lexical)', async () => {
      const { store } = await options.library();
      await store.reindex(request((await corpus()).articles, embedder));
      const reader = await open(store);
      const dense = await reader.searchDense(await embedder.embedQuery('How many soldiers were sent to Kursk?'), 3);
      expect(dense).toHaveLength(3);
      expect(dense.map((hit) => hit.score)).toEqual([...dense.map((hit) => hit.score)].sort((x, y) => y - x));
      const [kursk] = await reader.chunks([dense[0]!.label]);
      expect(kursk!.text).toContain('كورسك');
      expect(kursk!.sentenceVectors.length).toBe(kursk!.sentences.length);

      const arabic = await reader.searchLexical(toSearchTerms('كم عدد الجنود في منطقة كورسك', { query: true }), 3);
      expect((await reader.chunks([arabic.hits[0]!.label]))[0]!.text).toContain('كورسك');
      expect([...arabic.termWeights.keys()].sort()).toEqual(toSearchTerms('الجنود منطقة كورسك').sort());
      const english = await reader.searchLexical(toSearchTerms('Patriot batteries', { query: true }), 3);
      expect((await reader.chunks([english.hits[0]!.label]))[0]!.text).toContain('Patriot batteries');
      expect((await reader.searchLexical(toSearchTerms('zebra'), 3)).hits).toEqual([]);
      await reader.close();
    });

    it('reads chunks in the order asked and tells which labels it has', async () => {
      const { store } = await options.library();
      await store.reindex(request((await corpus()).articles, embedder));
      const reader = await open(store);
      const labels = reader.articles.flatMap((article) => article.labels);
      const asked = [labels[3]!, labels[0]!, labels.at(-1)!, labels[0]!];
      expect((await reader.chunks(asked)).map((stored) => stored.label)).toEqual(asked);
      expect(await reader.hasChunks(asked)).toBe(true);
      expect(await reader.hasChunks([labels.at(-1)! + 1000])).toBe(false);
      await expect(reader.chunks([labels.at(-1)! + 1000])).rejects.toThrow(/No chunk with label/);
      await reader.close();
    });

    it.skipIf(options.pending?.bm25f !== undefined)(
      `ranks lexical hits by BM25F as lexical/bm25.ts defines it: the top results equal a brute-force BM25F${options.pending?.bm25f ? ` (pending: ${options.pending.bm25f})` : ''}`,
      async () => {
        const { store } = await options.library();
        await store.reindex(request((await corpus({ 'kyiv-energy.md': extraArticle })).articles, embedder));
        const reader = await open(store);
        const cases = [
          'كم عدد الجنود الكوريين الشماليين في كورسك',
          'NATO ministers Brussels Ukraine',
          'air defence Patriot Germany winter',
          'budget budget alliance',
          // Words no chunk holds, spelt like ones that do: searched through their variants.
          'Brusels ministrs Ukrain',
          'الولايت المتحده',
        ];
        for (const question of cases) {
          const terms = toSearchTerms(question, { query: true });
          const actual = await reader.searchLexical(terms, 5);
          const expected = await bruteForceWithVariants(reader, terms, 5);
          expect(expected.length, question).toBeGreaterThan(0);
          expectSameHits(actual.hits, expected, question);
          expect(actual.documentCount, question).toBe(reader.chunkCount);
        }
        // Where every question term is in the index, the lexical engine's own reference gives the same.
        for (const question of cases.slice(0, 4)) {
          const terms = toSearchTerms(question, { query: true });
          expectSameHits((await reader.searchLexical(terms, 5)).hits, bruteForceBm25f(await lexicalDocs(reader), terms, 5), question);
        }
        await reader.close();
      },
    );

    it('switches generations atomically under concurrent questions: an open reader keeps its generation, the next open sees the new one', async () => {
      const { store } = await options.library();
      const { dir, files, articles } = await corpus();
      await store.reindex(request(articles, embedder));
      const old = await open(store);
      const oldIds = old.articles.map((article) => article.id).sort();
      const changed = await changeCorpus(dir, files);
      let done = false;
      const reindexing = store.reindex(request(changed, embedder)).finally(() => (done = true));
      const seen = new Set<string>();
      let questionsAsked = 0;
      while (!done || questionsAsked < 3) {
        // The reader opened before keeps answering from its generation…
        const hits = (await old.searchLexical(toSearchTerms('Patriot batteries Kursk'), 5)).hits;
        const texts = (await old.chunks(hits.map((hit) => hit.label))).map((stored) => stored.text).join('\n');
        expect(texts).toContain('two additional Patriot batteries');
        expect(texts).not.toContain('three additional');
        // …and a reader opened meanwhile sees one generation whole, the old or the new.
        const now = await open(store);
        seen.add(now.generation);
        const ids = now.articles.map((article) => article.id).sort();
        const chunkTexts = (await allChunks(now)).map((stored) => stored.text).join('\n');
        if (now.generation === old.generation) {
          expect(ids).toEqual(oldIds);
          expect(chunkTexts).toContain('two additional Patriot batteries');
        } else {
          expect(ids).toEqual(['brussels-nato-talks', 'kyiv-energy']);
          expect(chunkTexts).toContain('three additional Patriot batteries');
          expect(chunkTexts).not.toContain('two additional');
        }
        await now.close();
        questionsAsked += 1;
      }
      await reindexing;
      const latest = await open(store);
      expect(latest.generation).not.toBe(old.generation);
      expect(latest.articles.map((article) => article.id).sort()).toEqual(['brussels-nato-talks', 'kyiv-energy']);
      expect(seen.has(old.generation) || seen.has(latest.generation)).toBe(true);
      // The old reader still reads its generation after the switch.
      expect((await allChunks(old)).map((stored) => stored.text).join('\n')).toContain('كورسك');
      await old.close();
      await latest.close();
    });

    const crashes = [
      {
        name: 'a failure right before the new generation goes live',
        reindex: (library: ContractLibrary, crashing: StoreReindexRequest) =>
          library.reindexFailingBeforePublish(crashing, () => {
            throw new Error('crashed before publishing');
          }),
      },
      {
        name: 'the model failing in the middle of the reindex',
        reindex: (library: ContractLibrary, crashing: StoreReindexRequest) => library.store.reindex({ ...crashing, embedder: failing(crashing.embedder!) }),
      },
      ...(options.crashes ?? []),
    ];
    for (const crash of crashes) {
      it(`keeps the previous generation live and readable after ${crash.name}, and the next reindex cleans up`, async () => {
        const library = await options.library();
        const { dir, files, articles } = await corpus();
        await library.store.reindex(request(articles, embedder));
        const before = await open(library.store);
        const changed = await changeCorpus(dir, files);
        await expect(crash.reindex(library, request(changed, embedder), dir)).rejects.toThrow();

        const after = await open(library.store);
        expect(after.generation).toBe(before.generation);
        expect(after.articles).toEqual(before.articles);
        expect(await allChunkIds(after)).toEqual(await allChunkIds(before));
        const [kursk] = await after.searchDense(await embedder.embedQuery('Kursk soldiers'), 1);
        expect((await after.chunks([kursk!.label]))[0]!.text).toContain('كورسك');
        expect((await before.searchLexical(toSearchTerms('Patriot'), 1)).hits).toHaveLength(1);

        const summary = await library.store.reindex(request(changed, embedder));
        expect(summary.articles.added).toEqual(['kyiv-energy']);
        expect(await library.leftovers()).toBe(0);
        const latest = await open(library.store);
        expect(latest.generation).not.toBe(before.generation);
        expect(latest.articles.map((article) => article.id).sort()).toEqual(['brussels-nato-talks', 'kyiv-energy']);
        await Promise.all([before.close(), after.close(), latest.close()]);
      });
    }

    it("keeps libraries apart: a library's questions never return another library's chunks", async () => {
      const arabic = await options.library();
      const english = await options.library();
      const { files } = await corpus();
      const [seedName, englishName] = Object.keys(files);
      await arabic.store.reindex(request(await writeCorpus(path.join(root, 'only-arabic'), { [seedName!]: files[seedName!]! }), embedder));
      await english.store.reindex(request(await writeCorpus(path.join(root, 'only-english'), { [englishName!]: files[englishName!]!, 'kyiv-energy.md': extraArticle }), embedder));
      const a = await open(arabic.store);
      const b = await open(english.store);
      const ownArticles = (reader: IndexReader) => new Set(reader.articles.map((article) => article.id));
      for (const [reader, other] of [
        [a, b],
        [b, a],
      ] as const) {
        const own = ownArticles(reader);
        expect([...own].some((id) => ownArticles(other).has(id))).toBe(false);
        for (const question of [...questions, 'كورسك Kursk Patriot Brussels drones']) {
          const dense = await reader.searchDense(await embedder.embedQuery(question), 10);
          const lexical = (await reader.searchLexical(toSearchTerms(question, { query: true }), 10)).hits;
          const found = await reader.chunks([...dense, ...lexical].map((hit) => hit.label));
          expect(found.every((stored) => own.has(stored.articleId)), question).toBe(true);
        }
        expect(reader.hasVectors).toBe(true);
      }
      expect((await b.searchLexical(toSearchTerms('كورسك'), 5)).hits).toEqual([]);
      expect((await a.searchLexical(toSearchTerms('Patriot'), 5)).hits).toEqual([]);
      // A reindex of one library leaves the other's generation alone.
      await arabic.store.reindex(request([], embedder));
      const englishNow = await open(english.store);
      const arabicNow = await open(arabic.store);
      expect(englishNow.generation).toBe(b.generation);
      expect(arabicNow.articles).toEqual([]);
      await Promise.all([englishNow.close(), arabicNow.close()]);
      await a.close();
      await b.close();
    });

    it('refuses to mix vectors of two models, on open and on reindex, and says to rebuild', async () => {
      const { store } = await options.library();
      const { articles } = await corpus();
      await store.reindex(request(articles, embedder));
      const other = Object.assign(Object.create(embedder) as Embedder, { modelId: 'someone/other-model' });
      const refusal =
        /was built with the model test-org\/bilingual-mini \(64 dimensions\), but EMBEDDING_MODEL is someone\/other-model \(64 dimensions\); vectors of two models cannot be mixed\. Run `npm run index -- --full`/;
      await expect(store.reindex(request(articles, other))).rejects.toThrow(refusal);
      await expect(store.reindex(request(articles, other))).rejects.toBeInstanceOf(IndexMismatchError);
      await expect(store.open({ expectedModel: { id: 'someone/other-model', dimension: 64 } })).rejects.toThrow(refusal);
      await expect(store.reindex(request(articles, other, true))).resolves.toMatchObject({ model: 'someone/other-model', full: true });
    });

    it('refuses incremental updates when the chunker settings changed', async () => {
      const { store } = await options.library();
      const { articles } = await corpus();
      await store.reindex(request(articles, undefined));
      await expect(store.reindex({ ...request(articles, undefined), chunk: { maxTokens: 120, overlapSentences: 1 } })).rejects.toThrow(
        /chunked with CHUNK_MAX_TOKENS=200 and CHUNK_OVERLAP_SENTENCES=1; the settings now say 120 and 1/,
      );
    });
  });
}
