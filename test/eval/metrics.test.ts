import { describe, expect, it } from 'vitest';
import { meanReciprocalRank, percentile, rankOf, rankingMetrics, recallAt } from '../../src/eval/metrics.ts';

describe('ranking metrics', () => {
  it('gives the 1-based rank of the gold paragraph, or undefined when it was not retrieved', () => {
    expect(rankOf(['b', 'a', 'c'], 'a')).toBe(2);
    expect(rankOf(['b', 'a', 'c'], 'b')).toBe(1);
    expect(rankOf(['b', 'a', 'c'], 'z')).toBeUndefined();
    expect(rankOf([], 'a')).toBeUndefined();
  });

  it('counts a question at k when its paragraph ranks k or better', () => {
    const ranks = [1, 3, undefined, 2, 6];
    expect(recallAt(ranks, 1)).toBe(0.2);
    expect(recallAt(ranks, 2)).toBe(0.4);
    expect(recallAt(ranks, 5)).toBe(0.6);
    expect(recallAt(ranks, 6)).toBe(0.8);
  });

  it('averages reciprocal ranks, a paragraph not retrieved counting 0', () => {
    expect(meanReciprocalRank([1, 3, undefined, 2])).toBe((1 + 1 / 3 + 0 + 1 / 2) / 4);
    expect(meanReciprocalRank([undefined, undefined])).toBe(0);
    expect(meanReciprocalRank([1, 1, 1])).toBe(1);
  });

  it('takes nearest-rank percentiles, always one of the values', () => {
    expect(percentile([5, 1, 4, 2, 3], 50)).toBe(3);
    expect(percentile([4, 1, 3, 2], 50)).toBe(2);
    expect(percentile(Array.from({ length: 20 }, (_, i) => i + 1), 95)).toBe(19);
    expect(percentile(Array.from({ length: 10 }, (_, i) => i + 1), 95)).toBe(10);
    expect(percentile([7], 95)).toBe(7);
  });

  it('summarizes ranks and latencies', () => {
    expect(rankingMetrics([1, 2, undefined, 1], [3, 1, 2, 10], [1, 5])).toEqual({
      questions: 4,
      recall: { 1: 0.5, 5: 0.75 },
      mrr: (1 + 0.5 + 0 + 1) / 4,
      latencyMs: { p50: 2, p95: 10 },
    });
  });

  it('refuses an empty set of questions and a k that is not a positive integer', () => {
    expect(() => recallAt([], 1)).toThrow(new RangeError('recall of no questions is undefined'));
    expect(() => meanReciprocalRank([])).toThrow(new RangeError('MRR of no questions is undefined'));
    expect(() => percentile([], 50)).toThrow(new RangeError('a percentile of no questions is undefined'));
    expect(() => recallAt([1], 0)).toThrow(new RangeError('k must be a positive integer, got 0'));
    expect(() => percentile([1], 0)).toThrow(new RangeError('p must be in (0, 100], got 0'));
  });
});
