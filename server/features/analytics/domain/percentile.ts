/** Order statistics of a report (pure): nearest-rank percentiles, never only a mean. */

export interface Distribution {
  count: number;
  /** Nearest-rank median and 90th percentile (ms); null when there is no value. */
  median: number | null;
  p90: number | null;
  mean: number | null;
}

/** The nearest-rank p-quantile of ascending `sorted` (the value at rank ⌈p·n⌉). */
export function nearestRank(sorted: readonly number[], p: number): number | null {
  if (!sorted.length) return null;
  const rank = Math.max(1, Math.ceil(p * sorted.length));
  return sorted[rank - 1];
}

export function distribution(values: readonly number[]): Distribution {
  const n = values.length;
  if (!n) return { count: 0, median: null, p90: null, mean: null };
  const sorted = Float64Array.from(values).sort();
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i];
  const at = (p: number) => sorted[Math.max(1, Math.ceil(p * n)) - 1];
  return { count: n, median: at(0.5), p90: at(0.9), mean: Math.round(sum / n) };
}
