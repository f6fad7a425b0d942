export type Trajectory = 'rising_anger' | 'calming' | 'stable';

/** The part of a MessageAnalysis the trajectory needs (customer messages, oldest first). */
export interface AffectPoint {
  emotion: { label: string; scores: Record<string, number> };
  sentiment?: { score: number };
}

export interface TrajectoryResult {
  trend: Trajectory;
  /** Smoothed anger of the latest messages, 0–1. */
  anger: number;
  /** Raw anger estimate per message. */
  series: number[];
}

export interface TrajectoryOptions {
  alpha?: number;
  delta?: number;
  window?: number;
}

/** Per-message anger: angry probability, raised a little by strongly negative sentiment. */
export function angerOf(p: AffectPoint): number {
  const angry = p.emotion.scores.angry ?? 0;
  const neg = p.sentiment ? Math.max(0, -p.sentiment.score) : 0;
  return Math.min(
    1,
    angry * 0.85 + angry * neg * 0.15 + (p.emotion.label === 'angry' ? 0.1 * neg : 0),
  );
}

function ewma(xs: number[], alpha: number): number {
  let s = xs[0] ?? 0;
  for (let i = 1; i < xs.length; i++) s = alpha * xs[i] + (1 - alpha) * s;
  return s;
}

/**
 * Conversation emotion trajectory: compares smoothed anger of the latest `window` messages with the
 * messages before them. Rising when it grew by ≥ delta to a noticeable level; calming when it fell by ≥ delta.
 */
export function emotionTrajectory(
  points: AffectPoint[],
  opts: TrajectoryOptions = {},
): TrajectoryResult {
  const { alpha = 0.6, delta = 0.2, window = 2 } = opts;
  const series = points.map(angerOf).map((x) => Math.round(x * 1000) / 1000);
  const anger = Math.round(ewma(series, alpha) * 1000) / 1000;
  if (series.length < 2) return { trend: 'stable', anger, series };
  const w = Math.min(window, series.length - 1);
  const recent = series.slice(-w).reduce((a, b) => a + b, 0) / w;
  const earlier = ewma(series.slice(0, -w), alpha);
  let trend: Trajectory = 'stable';
  if (recent - earlier >= delta && recent >= 0.4) trend = 'rising_anger';
  else if (earlier - recent >= delta && earlier >= 0.4) trend = 'calming';
  return { trend, anger, series };
}
