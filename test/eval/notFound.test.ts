import { describe, expect, it } from 'vitest';
import { evidenceOf, isFound, notFoundRates, sweepThreshold, type Evidence } from '../../src/eval/notFound.ts';

describe('the not-found test replayed from evidence', () => {
  it('keeps the best coverage and the best similarity of the candidates', () => {
    expect(
      evidenceOf([
        { articleId: 'a', coverage: 0.25, similarity: 0.41 },
        { articleId: 'b', coverage: 0.75, similarity: undefined },
        { articleId: 'c', coverage: 0.5, similarity: 0.63 },
      ]),
    ).toEqual({ maxCoverage: 0.75, maxSimilarity: 0.63 });
    expect(evidenceOf([{ articleId: 'a', coverage: 0.5, similarity: undefined }])).toEqual({ maxCoverage: 0.5, maxSimilarity: undefined });
    expect(evidenceOf([])).toEqual({ maxCoverage: 0, maxSimilarity: undefined });
  });

  it('finds a question when coverage or similarity reaches its threshold', () => {
    const thresholds = { minCoverage: 0.5, minSimilarity: 0.8 };
    expect(isFound({ maxCoverage: 0.5, maxSimilarity: 0.1 }, thresholds)).toBe(true);
    expect(isFound({ maxCoverage: 0.2, maxSimilarity: 0.8 }, thresholds)).toBe(true);
    expect(isFound({ maxCoverage: 0.49, maxSimilarity: 0.79 }, thresholds)).toBe(false);
    expect(isFound({ maxCoverage: 0.49, maxSimilarity: undefined }, thresholds)).toBe(false);
  });

  it('rates held-out and answerable questions and sweeps one threshold', () => {
    const heldOut: Evidence[] = [
      { maxCoverage: 0, maxSimilarity: undefined },
      { maxCoverage: 0.4, maxSimilarity: undefined },
    ];
    const answerable: Evidence[] = [
      { maxCoverage: 1, maxSimilarity: undefined },
      { maxCoverage: 0.6, maxSimilarity: undefined },
      { maxCoverage: 0.5, maxSimilarity: undefined },
      { maxCoverage: 0.25, maxSimilarity: undefined },
    ];
    const base = { minCoverage: 0.5, minSimilarity: 0.8 };
    expect(notFoundRates(heldOut, answerable, base)).toEqual({ heldOutNotFound: 1, answerableNotFound: 0.25 });
    expect(sweepThreshold(heldOut, answerable, base, 'minCoverage', [0.3, 0.5, 0.7])).toEqual([
      { threshold: 0.3, heldOutNotFound: 0.5, answerableNotFound: 0.25 },
      { threshold: 0.5, heldOutNotFound: 1, answerableNotFound: 0.25 },
      { threshold: 0.7, heldOutNotFound: 1, answerableNotFound: 0.75 },
    ]);
  });
});
