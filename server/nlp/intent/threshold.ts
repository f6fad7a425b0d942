export interface HeldOutPrediction {
  /** Gold label is out of scope (real OOS label or a pseudo-OOS held-out label). */
  goldOos: boolean;
  /** Top label is correct (for in-scope gold). */
  correct: boolean;
  /** Model predicted the OOS class itself. */
  predictedOos: boolean;
  confidence: number;
}

/**
 * Rejection threshold maximizing 0.6 × in-scope accuracy + 0.4 × OOS recall on held-out rows.
 * Without any OOS rows: the confidence under which only `rejectRate` of correct predictions fall.
 */
export function tuneThreshold(preds: HeldOutPrediction[], rejectRate = 0.02): number {
  const inScope = preds.filter((p) => !p.goldOos);
  const oos = preds.filter((p) => p.goldOos);
  if (oos.length === 0) {
    const conf = inScope
      .filter((p) => p.correct)
      .map((p) => p.confidence)
      .sort((a, b) => a - b);
    return conf.length ? Math.min(0.5, conf[Math.floor(conf.length * rejectRate)]) : 0;
  }
  let best = 0,
    bestScore = -1;
  for (let i = 0; i <= 95; i++) {
    const t = i / 100;
    const inAcc =
      inScope.filter((p) => p.correct && p.confidence >= t).length / Math.max(inScope.length, 1);
    const oosRec = oos.filter((p) => p.predictedOos || p.confidence < t).length / oos.length;
    const score = inScope.length ? 0.6 * inAcc + 0.4 * oosRec : oosRec;
    if (score > bestScore + 1e-9) {
      bestScore = score;
      best = t;
    }
  }
  return best;
}
