import type { Candidate } from './rankCandidates.ts';

/** What the relevance test of one question depends on: the best coverage and the best similarity among its candidates. */
export interface Evidence {
  maxCoverage: number;
  /** Undefined when dense search did not run. */
  maxSimilarity: number | undefined;
}

export interface Thresholds {
  minCoverage: number;
  minSimilarity: number;
}

export function evidenceOf(candidates: readonly Candidate[]): Evidence {
  let maxCoverage = 0;
  let maxSimilarity: number | undefined;
  for (const { coverage, similarity } of candidates) {
    maxCoverage = Math.max(maxCoverage, coverage);
    if (similarity !== undefined) maxSimilarity = Math.max(maxSimilarity ?? -1, similarity);
  }
  return { maxCoverage, maxSimilarity };
}

/**
 * retrieve's test: some passage has coverage ≥ minCoverage or similarity ≥ minSimilarity. Over
 * passages an "or" of "or"s, so the best coverage and the best similarity decide it.
 */
export function isFound(evidence: Evidence, thresholds: Thresholds): boolean {
  return evidence.maxCoverage >= thresholds.minCoverage || (evidence.maxSimilarity ?? -1) >= thresholds.minSimilarity;
}

export interface NotFoundRates {
  /** Share of questions about held-out articles that get "not found": higher is better. */
  heldOutNotFound: number;
  /** Share of answerable questions that get "not found": lower is better. */
  answerableNotFound: number;
}

function notFoundShare(evidence: readonly Evidence[], thresholds: Thresholds): number {
  if (evidence.length === 0) throw new RangeError('a not-found rate of no questions is undefined');
  return evidence.filter((item) => !isFound(item, thresholds)).length / evidence.length;
}

export function notFoundRates(heldOut: readonly Evidence[], answerable: readonly Evidence[], thresholds: Thresholds): NotFoundRates {
  return { heldOutNotFound: notFoundShare(heldOut, thresholds), answerableNotFound: notFoundShare(answerable, thresholds) };
}

export interface SweepPoint extends NotFoundRates {
  threshold: number;
}

/** The rates with one threshold varied and the other kept. */
export function sweepThreshold(
  heldOut: readonly Evidence[],
  answerable: readonly Evidence[],
  base: Thresholds,
  which: keyof Thresholds,
  values: readonly number[],
): SweepPoint[] {
  return values.map((threshold) => ({ threshold, ...notFoundRates(heldOut, answerable, { ...base, [which]: threshold }) }));
}
