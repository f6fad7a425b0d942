export interface ClassificationReport {
  accuracy: number;
  macro_f1: number;
  perClass: Record<string, { precision: number; recall: number; f1: number; support: number }>;
}

/** Accuracy, macro-F1 over the gold label set, and per-class precision/recall/F1. */
export function classificationReport(
  gold: string[],
  pred: string[],
  labels?: string[],
): ClassificationReport {
  const set = labels ?? [...new Set(gold)].sort();
  const perClass: ClassificationReport['perClass'] = {};
  let correct = 0;
  for (let i = 0; i < gold.length; i++) if (gold[i] === pred[i]) correct++;
  let f1Sum = 0;
  for (const l of set) {
    let tp = 0,
      fp = 0,
      fn = 0;
    for (let i = 0; i < gold.length; i++) {
      if (pred[i] === l && gold[i] === l) tp++;
      else if (pred[i] === l) fp++;
      else if (gold[i] === l) fn++;
    }
    const precision = tp + fp ? tp / (tp + fp) : 0;
    const recall = tp + fn ? tp / (tp + fn) : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    perClass[l] = { precision, recall, f1, support: tp + fn };
    f1Sum += f1;
  }
  return {
    accuracy: gold.length ? correct / gold.length : 0,
    macro_f1: set.length ? f1Sum / set.length : 0,
    perClass,
  };
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

export function round(x: number, digits = 4): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
