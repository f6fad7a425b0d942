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

export function distribution(values: number[]): Distribution {
  const sorted = Float64Array.from(values).sort();
  const arr = Array.from(sorted);
  const sum = arr.reduce((a, b) => a + b, 0);
  return {
    count: arr.length,
    median: nearestRank(arr, 0.5),
    p90: nearestRank(arr, 0.9),
    mean: arr.length ? Math.round(sum / arr.length) : null,
  };
}
