/** A timing or size measured several times: its median and how far the runs spread. */
export interface Summary {
  median: number;
  min: number;
  max: number;
  /** Quartiles: the middle half of the runs lies between them. */
  p25: number;
  p75: number;
  /** Tail percentiles, meaningful for latencies of many single operations. */
  p95: number;
  p99: number;
  n: number;
}

/** Linear interpolation between closest ranks (the method of numpy's default percentile). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new RangeError('quantile of no samples');
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    median: quantile(sorted, 0.5),
    min: sorted[0]!,
    max: sorted[sorted.length - 1]!,
    p25: quantile(sorted, 0.25),
    p75: quantile(sorted, 0.75),
    p95: quantile(sorted, 0.95),
    p99: quantile(sorted, 0.99),
    n: sorted.length,
  };
}

/** Element-wise ratio of paired runs (a[i] / b[i]): runs taken side by side share the machine's noise. */
export function pairedRatios(a: readonly number[], b: readonly number[]): number[] {
  if (a.length !== b.length) throw new RangeError('paired samples must have the same length');
  return a.map((value, i) => value / b[i]!);
}
