import { describe, expect, it } from 'vitest';
import { fuseRankings } from '../../src/search/fusion.ts';

describe('fuseRankings', () => {
  it('scores each label by the sum of weight / (k + rank) over the rankings', () => {
    const fused = fuseRankings(
      [
        { labels: [1, 2, 3], weight: 1 },
        { labels: [3, 1], weight: 1 },
      ],
      60,
    );
    expect(fused.map((hit) => hit.label)).toEqual([1, 3, 2]);
    expect(fused[0]!.score).toBeCloseTo(1 / 61 + 1 / 62, 12);
    expect(fused[1]!.score).toBeCloseTo(1 / 63 + 1 / 61, 12);
    expect(fused[2]!.score).toBeCloseTo(1 / 62, 12);
  });

  it('lets a heavier ranking win a disagreement', () => {
    const lexicalFirst = fuseRankings(
      [
        { labels: [7, 8], weight: 1 },
        { labels: [8, 7], weight: 3 },
      ],
      60,
    );
    expect(lexicalFirst[0]!.label).toBe(8);
  });

  it('ignores a ranking of weight 0 in the order but keeps its labels at the end', () => {
    const fused = fuseRankings(
      [
        { labels: [5], weight: 0 },
        { labels: [6], weight: 1 },
      ],
      60,
    );
    expect(fused).toEqual([
      { label: 6, score: 1 / 61 },
      { label: 5, score: 0 },
    ]);
  });

  it('rejects a non-positive k and negative weights with the setting to fix', () => {
    expect(() => fuseRankings([], 0)).toThrow('k must be > 0 (FUSION_RRF_K)');
    expect(() => fuseRankings([{ labels: [1], weight: -1 }], 60)).toThrow('ranking weights must be >= 0');
  });
});
