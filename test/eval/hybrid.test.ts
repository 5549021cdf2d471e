import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEmbedder } from '../../src/embed/loadEmbedder.ts';
import type { Embedder } from '../../src/embed/types.ts';
import { buildEvalIndex, type EvalIndex } from '../../src/eval/buildIndex.ts';
import { pairQuestions, paragraphArticles } from '../../src/eval/corpus.ts';
import { datasetTexts, readSquadFile, type SquadDataset } from '../../src/eval/dataset.ts';
import { rankCandidates } from '../../src/eval/rankCandidates.ts';
import { runEval } from '../../src/eval/runEval.ts';
import { defaultHnswOptions } from '../../src/index/hnswIndex.ts';
import { defaultRetrievalOptions, retrieve } from '../../src/search/retrieve.ts';
import { makeTestModel } from '../../src/embed/testModel/index.ts';

const fixtures = path.resolve(import.meta.dirname, '../fixtures/squad');
const MODEL_ID = 'test-org/squad-mini';
const chunk = { maxTokens: 200, overlapSentences: 1 };

let root: string;
let news: SquadDataset;
let translated: SquadDataset;
let embedder: Embedder;
let index: EvalIndex;

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'qa-eval-model-'));
  news = await readSquadFile(path.join(fixtures, 'news.json'));
  translated = await readSquadFile(path.join(fixtures, 'news.translated.json'));
  await makeTestModel({ outDir: path.join(root, MODEL_ID), texts: [news, translated].flatMap(datasetTexts) });
  embedder = await loadEmbedder({
    id: MODEL_ID,
    localDir: root,
    cacheDir: path.join(root, 'cache'),
    allowRemote: false,
    quantized: true,
    queryPrefix: undefined,
    passagePrefix: undefined,
    batchSize: 8,
    threads: 1,
  });
  index = await buildEvalIndex(paragraphArticles(news).articles, embedder, { chunk, hnsw: defaultHnswOptions });
});

afterAll(async () => {
  await index?.dispose();
  await embedder?.dispose();
  await fs.rm(root, { recursive: true, force: true });
});

describe('runEval with a model', () => {
  it('scores dense, lexical and hybrid search on the same index', async () => {
    const report = await runEval({
      dataset: news,
      questions: [news, translated],
      embedder,
      retrieval: defaultRetrievalOptions,
      index: { chunk, hnsw: defaultHnswOptions },
      holdout: 1,
    });
    expect(report.model).toEqual({ id: MODEL_ID, dimension: 64 });
    expect(report.modes).toEqual(['dense', 'lexical', 'hybrid']);
    for (const set of report.questionSets) {
      expect(Object.keys(set.modes)).toEqual(['dense', 'lexical', 'hybrid']);
      expect(set.modes.dense!.notFound!.similaritySweep).toHaveLength(9);
      expect(set.modes.lexical!.notFound!.similaritySweep).toBeUndefined();
    }
    expect(report.questionSets[0]!.modes.lexical!.recall).toEqual({ 1: 1, 5: 1 });
  });

  it('ranks hybrid candidates exactly as retrieve orders its passages', async () => {
    const everything = { ...defaultRetrievalOptions, minCoverage: 0, topK: defaultRetrievalOptions.candidates };
    const corpus = paragraphArticles(news);
    for (const question of [...pairQuestions(corpus, news), ...pairQuestions(corpus, translated)]) {
      const candidates = await rankCandidates(question.question, 'hybrid', index.snapshot, embedder, everything);
      const retrieval = await retrieve({ question: question.question }, [{ tag: 'eval', snapshot: index.snapshot }], embedder, everything);
      expect(candidates).toEqual(
        retrieval.passages.map((passage) => ({ articleId: passage.articleId, coverage: passage.coverage, similarity: passage.similarity })),
      );
      const lexical = await rankCandidates(question.question, 'lexical', index.snapshot, embedder, everything);
      const lexicalRetrieval = await retrieve({ question: question.question }, [{ tag: 'eval', snapshot: index.snapshot }], undefined, everything);
      expect(lexical.map((candidate) => candidate.articleId)).toEqual(lexicalRetrieval.passages.map((passage) => passage.articleId));
    }
  });
});
