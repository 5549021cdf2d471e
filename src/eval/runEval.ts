import type { Embedder } from '../embed/types.ts';
import type { IndexReader } from '../index/store.ts';
import type { RetrievalOptions } from '../search/retrieve.ts';
import type { Clock } from '../util/clock.ts';
import { buildEvalIndex, type EvalIndexOptions } from './buildIndex.ts';
import { holdoutTitles, pairQuestions, paragraphArticles, type EvalQuestion } from './corpus.ts';
import { DatasetError, type SquadDataset } from './dataset.ts';
import { rankOf, rankingMetrics, type RankingMetrics } from './metrics.ts';
import { evidenceOf, notFoundRates, sweepThreshold, type Evidence, type NotFoundRates, type SweepPoint, type Thresholds } from './notFound.ts';
import { paragraphRanking, rankCandidates, searchModes, type SearchMode } from './rankCandidates.ts';

export type EvalProgress =
  | { phase: 'indexing'; done: number; total: number }
  | { phase: 'asking'; file: string; done: number; total: number };

export interface EvalOptions {
  /** The paragraphs to index, and which paragraph each question id belongs to. */
  dataset: SquadDataset;
  /** Question files with the dataset's question ids (default: the dataset's own questions). */
  questions?: SquadDataset[];
  /** Undefined: lexical only, as the bot runs without its model. */
  embedder: Embedder | undefined;
  retrieval: RetrievalOptions;
  index: Omit<EvalIndexOptions, 'onProgress'>;
  /** Cut-offs of recall@k. */
  ks?: number[];
  /** Articles (the last ones of the dataset) left out of the index, to measure "not found". */
  holdout?: number;
  coverageSweep?: number[];
  similaritySweep?: number[];
  /** Milliseconds with sub-millisecond resolution for latencies (default: performance.now). */
  clock?: Clock;
  onProgress?: (progress: EvalProgress) => void;
}

export const defaultKs = [1, 5];
export const defaultCoverageSweep = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8];
// Wide enough for e5 (unrelated pairs sit near 0.7) and for models whose scale starts lower.
export const defaultSimilaritySweep = [0.3, 0.4, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9];

export const monotonicClock: Clock = { now: () => performance.now() };

export interface NotFoundResult extends NotFoundRates {
  /** minCoverage varied, minSimilarity kept. */
  coverageSweep: SweepPoint[];
  /** minSimilarity varied, minCoverage kept; only for modes with dense search. */
  similaritySweep: SweepPoint[] | undefined;
}

export interface ModeResult extends RankingMetrics {
  /** Only with a holdout. */
  notFound: NotFoundResult | undefined;
}

export interface QuestionSetResult {
  file: string;
  /** Questions asked: answerable ones score the ranking, held-out ones the "not found" test. */
  asked: number;
  answerable: number;
  heldOut: number;
  modes: Partial<Record<SearchMode, ModeResult>>;
}

export interface EvalReport {
  dataset: string;
  model: { id: string; dimension: number } | null;
  modes: SearchMode[];
  ks: number[];
  /** Chunks taken from each ranking (RetrievalOptions.candidates): MRR counts a paragraph found past them as 0. */
  depth: number;
  thresholds: Thresholds;
  index: {
    articles: number;
    paragraphs: number;
    chunks: number;
    heldOutTitles: string[];
    emptyParagraphs: string[];
    seconds: number;
  };
  questionSets: QuestionSetResult[];
}

function validate(options: EvalOptions): { ks: number[]; holdout: number } {
  const ks = options.ks ?? defaultKs;
  if (ks.length === 0 || ks.some((k) => !Number.isInteger(k) || k < 1)) throw new RangeError(`ks must be positive integers, got [${ks.join(', ')}]`);
  for (const value of options.coverageSweep ?? []) if (!(value >= 0 && value <= 1)) throw new RangeError(`coverageSweep values must be between 0 and 1, got ${value}`);
  for (const value of options.similaritySweep ?? []) if (!(value >= -1 && value <= 1)) throw new RangeError(`similaritySweep values must be between -1 and 1, got ${value}`);
  return { ks: [...new Set(ks)].sort((a, b) => a - b), holdout: options.holdout ?? 0 };
}

interface Asked {
  question: EvalQuestion;
  rank: Partial<Record<SearchMode, number | undefined>>;
  latencyMs: Partial<Record<SearchMode, number>>;
  evidence: Partial<Record<SearchMode, Evidence>>;
}

/**
 * Indexes the dataset's paragraphs (one Article each) as the bot would, asks every question in
 * each mode, and scores where the paragraph it was written for ranks; with a holdout, also how
 * often the product's relevance test answers "not found" when it should and when it should not.
 */
export async function runEval(options: EvalOptions): Promise<EvalReport> {
  const { ks, holdout } = validate(options);
  const clock = options.clock ?? monotonicClock;
  const { dataset, embedder, retrieval } = options;
  const corpus = paragraphArticles(dataset, holdoutTitles(dataset, holdout));
  const questionSets = (options.questions ?? [dataset]).map((file) => ({ file: file.file, questions: pairQuestions(corpus, file) }));
  for (const set of questionSets) {
    if (!set.questions.some((question) => question.answerable)) {
      throw new DatasetError(`${set.file}: none of its questions is about an indexed paragraph, so there is nothing to score.`);
    }
  }

  const started = clock.now();
  const index = await buildEvalIndex(corpus.articles, embedder, {
    ...options.index,
    onProgress: (progress) => options.onProgress?.({ phase: 'indexing', done: progress.done, total: progress.total }),
  });
  const seconds = (clock.now() - started) / 1000;
  try {
    const { snapshot } = index;
    const modes = embedder && snapshot.hasVectors ? [...searchModes] : (['lexical'] as SearchMode[]);
    const thresholds: Thresholds = { minCoverage: retrieval.minCoverage, minSimilarity: retrieval.minSimilarity };

    // One untimed question per mode first: the model session and the caches warm up on it.
    const warmUp = questionSets[0]!.questions[0]!.question;
    for (const mode of modes) await rankCandidates(warmUp, mode, snapshot, embedder, retrieval);

    const results: QuestionSetResult[] = [];
    for (const set of questionSets) {
      const asked = await askEvery(set, modes, { snapshot, embedder, retrieval, clock, onProgress: options.onProgress });
      results.push(scoreSet(set.file, asked, modes, ks, thresholds, holdout > 0, options));
    }

    return {
      dataset: dataset.file,
      model: embedder ? { id: embedder.modelId, dimension: embedder.dimension } : null,
      modes,
      ks,
      depth: retrieval.candidates,
      thresholds,
      index: {
        articles: dataset.articles.length - corpus.heldOutTitles.length,
        paragraphs: corpus.articles.length,
        chunks: snapshot.chunkCount,
        heldOutTitles: corpus.heldOutTitles,
        emptyParagraphs: corpus.emptyParagraphs,
        seconds,
      },
      questionSets: results,
    };
  } finally {
    await index.dispose();
  }
}

/** Asks every question of a set in every mode; modes take turns on each question, so drifting machine load falls on all of them alike. */
async function askEvery(
  set: { file: string; questions: EvalQuestion[] },
  modes: SearchMode[],
  parts: { snapshot: IndexReader; embedder: Embedder | undefined; retrieval: RetrievalOptions; clock: Clock; onProgress: EvalOptions['onProgress'] },
): Promise<Asked[]> {
  const asked: Asked[] = [];
  for (const question of set.questions) {
    const item: Asked = { question, rank: {}, latencyMs: {}, evidence: {} };
    for (const mode of modes) {
      const before = parts.clock.now();
      const candidates = await rankCandidates(question.question, mode, parts.snapshot, parts.embedder, parts.retrieval);
      item.latencyMs[mode] = parts.clock.now() - before;
      item.rank[mode] = rankOf(paragraphRanking(candidates), question.paragraphId);
      // The product judges a question on its first TOP_K candidates (search/retrieve.ts).
      item.evidence[mode] = evidenceOf(candidates.slice(0, parts.retrieval.topK));
    }
    asked.push(item);
    parts.onProgress?.({ phase: 'asking', file: set.file, done: asked.length, total: set.questions.length });
  }
  return asked;
}

function scoreSet(
  file: string,
  asked: Asked[],
  modes: SearchMode[],
  ks: number[],
  thresholds: Thresholds,
  withHoldout: boolean,
  options: EvalOptions,
): QuestionSetResult {
  const answerable = asked.filter((item) => item.question.answerable);
  const heldOut = asked.filter((item) => !item.question.answerable);
  const result: QuestionSetResult = { file, asked: asked.length, answerable: answerable.length, heldOut: heldOut.length, modes: {} };
  for (const mode of modes) {
    const metrics = rankingMetrics(
      answerable.map((item) => item.rank[mode]),
      // Latency of every question asked: held-out ones cost the same work.
      asked.map((item) => item.latencyMs[mode]!),
      ks,
    );
    let notFound: NotFoundResult | undefined;
    if (withHoldout && heldOut.length > 0) {
      const heldOutEvidence = heldOut.map((item) => item.evidence[mode]!);
      const answerableEvidence = answerable.map((item) => item.evidence[mode]!);
      notFound = {
        ...notFoundRates(heldOutEvidence, answerableEvidence, thresholds),
        coverageSweep: sweepThreshold(heldOutEvidence, answerableEvidence, thresholds, 'minCoverage', options.coverageSweep ?? defaultCoverageSweep),
        similaritySweep:
          mode === 'lexical'
            ? undefined
            : sweepThreshold(heldOutEvidence, answerableEvidence, thresholds, 'minSimilarity', options.similaritySweep ?? defaultSimilaritySweep),
      };
    }
    result.modes[mode] = { ...metrics, notFound };
  }
  return result;
}
