export interface Ranking {
  /** Labels, best first. */
  labels: number[];
  weight: number;
}

export interface FusedHit {
  label: number;
  score: number;
}

/**
 * Weighted reciprocal rank fusion (Cormack et al., 2009): each ranking gives a label
 * weight / (k + rank), rank starting at 1. It needs no score calibration between rankings,
 * which BM25 scores and cosine similarities do not share. Ties keep first-seen order.
 */
export function fuseRankings(rankings: Ranking[], k: number): FusedHit[] {
  if (!(k > 0)) throw new RangeError('k must be > 0 (FUSION_RRF_K)');
  const scores = new Map<number, number>();
  for (const { labels, weight } of rankings) {
    if (!(weight >= 0)) throw new RangeError('ranking weights must be >= 0');
    labels.forEach((label, index) => scores.set(label, (scores.get(label) ?? 0) + weight / (k + index + 1)));
  }
  return [...scores].map(([label, score]) => ({ label, score })).sort((a, b) => b.score - a.score);
}
