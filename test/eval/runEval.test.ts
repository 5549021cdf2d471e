import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readSquadFile, type SquadDataset } from '../../src/eval/dataset.ts';
import { renderReport } from '../../src/eval/render.ts';
import { runEval, type EvalOptions, type EvalProgress } from '../../src/eval/runEval.ts';
import { defaultHnswOptions } from '../../src/index/hnswIndex.ts';
import { defaultRetrievalOptions } from '../../src/search/retrieve.ts';
import type { Clock } from '../../src/util/clock.ts';

const fixtures = path.resolve(import.meta.dirname, '../fixtures/squad');

let news: SquadDataset;
let translated: SquadDataset;
beforeAll(async () => {
  news = await readSquadFile(path.join(fixtures, 'news.json'));
  translated = await readSquadFile(path.join(fixtures, 'news.translated.json'));
});

/** Every reading is 1 ms after the previous one: each question takes exactly 1 ms. */
function steppingClock(): Clock {
  let now = 0;
  return { now: () => (now += 1) };
}

function lexicalOptions(overrides: Partial<EvalOptions> = {}): EvalOptions {
  return {
    dataset: news,
    embedder: undefined,
    retrieval: defaultRetrievalOptions,
    index: { chunk: { maxTokens: 200, overlapSentences: 1 }, hnsw: defaultHnswOptions },
    clock: steppingClock(),
    ...overrides,
  };
}

describe('runEval without a model', () => {
  it('finds every paragraph first when the questions share its distinctive words', async () => {
    const report = await runEval(lexicalOptions());
    expect(report.model).toBeNull();
    expect(report.modes).toEqual(['lexical']);
    expect(report.index).toEqual({ articles: 4, paragraphs: 6, chunks: 6, heldOutTitles: [], emptyParagraphs: [], seconds: 0.001 });
    expect(report.questionSets).toEqual([
      {
        file: news.file,
        asked: 11,
        answerable: 11,
        heldOut: 0,
        modes: { lexical: { questions: 11, recall: { 1: 1, 5: 1 }, mrr: 1, latencyMs: { p50: 1, p95: 1 }, notFound: undefined } },
      },
    ]);
  });

  it('finds translated questions lexically only through the numbers they share with the paragraph', async () => {
    const report = await runEval(lexicalOptions({ questions: [translated] }));
    // "100 thousand tonnes" finds the Arabic dates paragraph first; "150 دولة" finds the marathon
    // second, after the dam talks paragraph, which shares "دول" with it. The dataset's titles are
    // English (Nile_Dam, Date_Harvest): through the title field, "dam" and "date" find their
    // article's paragraph first for three more English questions.
    expect(report.questionSets[0]!.modes.lexical).toMatchObject({ recall: { 1: 4 / 11, 5: 5 / 11 }, mrr: (4 + 1 / 2) / 11 });
  });

  it('measures "not found" on the questions of held-out articles', async () => {
    const report = await runEval(lexicalOptions({ holdout: 1, coverageSweep: [0.1, 0.5, 1] }));
    expect(report.index.heldOutTitles).toEqual(['Berlin_Marathon']);
    const set = report.questionSets[0]!;
    expect([set.asked, set.answerable, set.heldOut]).toEqual([11, 9, 2]);
    expect(set.modes.lexical!.recall).toEqual({ 1: 1, 5: 1 });
    // "How many runners took part in the Berlin race?" shares no term with the index: not found.
    // "Who won the Berlin Marathon with a world record?" shares only "record" with the ice paragraph:
    // a small share of the question's weight, found at a threshold of 0.1 and not at 0.5. At 1, some
    // answerable questions miss a term of their own paragraph.
    const rates = (heldOutNotFound: number, answerableNotFound: number) => ({ heldOutNotFound, answerableNotFound });
    expect(set.modes.lexical!.notFound).toEqual({
      ...rates(1, 0),
      coverageSweep: [
        { threshold: 0.1, ...rates(0.5, 0) },
        { threshold: 0.5, ...rates(1, 0) },
        { threshold: 1, ...rates(1, 3 / 9) },
      ],
      similaritySweep: undefined,
    });
  });

  it('reports indexing and asking progress', async () => {
    const events: EvalProgress[] = [];
    await runEval(lexicalOptions({ onProgress: (event) => events.push(event) }));
    const asking = events.filter((event) => event.phase === 'asking');
    expect(asking).toHaveLength(11);
    expect(asking.at(-1)).toEqual({ phase: 'asking', file: news.file, done: 11, total: 11 });
  });

  it('refuses a holdout of every article and cut-offs that are not positive integers', async () => {
    await expect(runEval(lexicalOptions({ holdout: 4 }))).rejects.toThrow(
      new RangeError('holdout must be an integer from 0 to 3 (the dataset has 4 articles), got 4'),
    );
    await expect(runEval(lexicalOptions({ ks: [0, 5] }))).rejects.toThrow(new RangeError('ks must be positive integers, got [0, 5]'));
  });

  it('renders Markdown tables for the README', async () => {
    const report = await runEval(lexicalOptions({ holdout: 1, coverageSweep: [0.5] }));
    const text = renderReport(report, ['A note.']);
    expect(text).toContain('- Index: 3 articles, 5 paragraphs (one Article each) → 5 chunks, built in 0.0 s.');
    expect(text).toContain('- A note.');
    expect(text).toContain('| mode | recall@1 | recall@5 | MRR | p50 ms | p95 ms |\n|---|---|---|---|---|---|\n| lexical | 1.000 | 1.000 | 1.000 | 1.00 | 1.00 |');
    expect(text).toContain('| lexical | 100.0% | 0.0% |');
    expect(text).toContain('| 0.5 | 100.0% | 0.0% |');
  });
});
