/** 1-based rank of `gold` in a ranking, or undefined when it is not there. */
export function rankOf(ranking: readonly string[], gold: string): number | undefined {
  const index = ranking.indexOf(gold);
  return index === -1 ? undefined : index + 1;
}

function nonEmpty<T>(values: readonly T[], what: string): readonly T[] {
  if (values.length === 0) throw new RangeError(`${what} of no questions is undefined`);
  return values;
}

/** Share of questions whose paragraph is among the first k results. */
export function recallAt(ranks: ReadonlyArray<number | undefined>, k: number): number {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer, got ${k}`);
  return nonEmpty(ranks, 'recall').filter((rank) => rank !== undefined && rank <= k).length / ranks.length;
}

/** Mean of 1/rank, a question whose paragraph was not retrieved counting 0. */
export function meanReciprocalRank(ranks: ReadonlyArray<number | undefined>): number {
  return nonEmpty(ranks, 'MRR').reduce<number>((sum, rank) => sum + (rank === undefined ? 0 : 1 / rank), 0) / ranks.length;
}

/**
 * Nearest-rank percentile: the smallest value with at least p% of the values at or below it
 * (p50 of [1, 2, 3, 4] is 2, p95 of 20 values is the 19th smallest). Always one of the values.
 */
export function percentile(values: readonly number[], p: number): number {
  if (!(p > 0 && p <= 100)) throw new RangeError(`p must be in (0, 100], got ${p}`);
  const sorted = [...nonEmpty(values, 'a percentile')].sort((a, b) => a - b);
  return sorted[Math.ceil((p / 100) * sorted.length) - 1]!;
}

export interface RankingMetrics {
  questions: number;
  /** recall@k by k. */
  recall: Record<number, number>;
  mrr: number;
  latencyMs: { p50: number; p95: number };
}

export function rankingMetrics(ranks: ReadonlyArray<number | undefined>, latenciesMs: readonly number[], ks: readonly number[]): RankingMetrics {
  return {
    questions: ranks.length,
    recall: Object.fromEntries(ks.map((k) => [k, recallAt(ranks, k)])),
    mrr: meanReciprocalRank(ranks),
    latencyMs: { p50: percentile(latenciesMs, 50), p95: percentile(latenciesMs, 95) },
  };
}
