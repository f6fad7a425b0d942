import { trainIntent } from '../intent/intent.ts';
import { classificationReport, percentile, round } from '../linear/metrics.ts';
import type { TrainRow } from '../linear/train.ts';

export interface IntentEval {
  accuracy: number;
  macro_f1: number;
  in_scope_accuracy?: number;
  oos_recall?: number;
  oos_precision?: number;
  train_seconds: number;
  predict_p50_ms: number;
  predict_p99_ms: number;
}

function oosFigures(gold: string[], pred: string[], oos: string) {
  const inIdx = gold.map((g, i) => (g !== oos ? i : -1)).filter((i) => i >= 0);
  const oosGold = gold.filter((g) => g === oos).length;
  const oosPred = pred.filter((p) => p === oos).length;
  const oosHit = gold.filter((g, i) => g === oos && pred[i] === oos).length;
  return {
    in_scope_accuracy: round(
      inIdx.filter((i) => pred[i] === gold[i]).length / Math.max(inIdx.length, 1),
    ),
    oos_recall: round(oosHit / Math.max(oosGold, 1)),
    oos_precision: round(oosHit / Math.max(oosPred, 1)),
  };
}

/** Trains on `train`, scores `test`; with `oosLabel` rejection is on and OOS figures are added. */
export function evalIntent(
  train: TrainRow[],
  test: TrainRow[],
  oosLabel?: string,
  now = () => performance.now(),
): IntentEval {
  const t0 = now();
  const model = trainIntent(train, { oosLabel });
  const trainSeconds = (now() - t0) / 1000;
  const times: number[] = [];
  const pred = test.map((r) => {
    const t = now();
    const p = model.predict(r.text, { reject: oosLabel !== undefined });
    times.push(now() - t);
    return p.label;
  });
  const gold = test.map((r) => r.label);
  const rep = classificationReport(gold, pred);
  return {
    accuracy: round(rep.accuracy),
    macro_f1: round(rep.macro_f1),
    ...(oosLabel !== undefined ? oosFigures(gold, pred, oosLabel) : {}),
    train_seconds: round(trainSeconds, 2),
    predict_p50_ms: round(percentile(times, 50), 3),
    predict_p99_ms: round(percentile(times, 99), 3),
  };
}
