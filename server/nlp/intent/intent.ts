import { fitTemperature } from '../linear/calibrate.ts';
import { argmax, decisionOf, type LinearModel, softmax } from '../linear/model.ts';
import { trainLinear, type LinearTrainOptions, type TrainRow } from '../linear/train.ts';
import { transform } from '../linear/vectorizer.ts';
import { splitHoldout } from './holdout.ts';
import { type HeldOutPrediction, tuneThreshold } from './threshold.ts';

export interface IntentPrediction {
  label: string;
  confidence: number;
  top: { label: string; confidence: number }[];
  /** True when the top label was replaced by the OOS label (low confidence or predicted OOS). */
  rejected: boolean;
}

export interface IntentModel {
  model: LinearModel;
  oosLabel: string;
  threshold: number;
  predict(text: string, opts?: { reject?: boolean; topK?: number }): IntentPrediction;
}

export interface IntentTrainOptions extends LinearTrainOptions {
  /** Label of out-of-scope rows (learned as a class when present; also the rejection label). */
  oosLabel?: string;
  holdoutFraction?: number;
  rejectRate?: number;
}

export const INTENT_FEATURES = {
  bits: 20,
  charMin: 1,
  charMax: 4,
  words: true,
  wordBigrams: true,
  stem: true,
};

export function intentModelFrom(
  model: LinearModel,
  oosLabel: string,
  threshold: number,
): IntentModel {
  const predict = (
    text: string,
    opts: { reject?: boolean; topK?: number } = {},
  ): IntentPrediction => {
    const p = softmax(
      decisionOf(model, transform(model.vec, text)),
      model.temperature,
      model.offsets,
    );
    const order = p.map((_, i) => i).sort((a, b) => p[b] - p[a]);
    const top = order
      .slice(0, opts.topK ?? 3)
      .map((i) => ({ label: model.labels[i], confidence: p[i] }));
    const best = top[0];
    const rejected =
      (opts.reject ?? true) && best.label !== oosLabel && best.confidence < threshold;
    return {
      label: rejected ? oosLabel : best.label,
      confidence: best.confidence,
      top,
      rejected: rejected || best.label === oosLabel,
    };
  };
  return { model, oosLabel, threshold, predict };
}

function heldOutPredictions(
  interim: LinearModel,
  heldOut: TrainRow[],
  oosLabel: string,
  pseudo: Set<string>,
) {
  const idx = new Map(interim.labels.map((l, i) => [l, i]));
  const decisions = heldOut.map((r) => decisionOf(interim, transform(interim.vec, r.text)));
  const calRows = heldOut
    .map((r, i) => ({ d: decisions[i], y: idx.get(r.label) }))
    .filter((x) => x.y !== undefined);
  const temperature = fitTemperature(
    calRows.map((x) => x.d),
    Int32Array.from(calRows, (x) => x.y!),
  );
  const preds: HeldOutPrediction[] = heldOut.map((r, i) => {
    const p = softmax(decisions[i], temperature);
    const top = interim.labels[argmax(p)];
    return {
      goldOos: r.label === oosLabel || pseudo.has(r.label),
      correct: top === r.label,
      predictedOos: top === oosLabel,
      confidence: Math.max(...p),
    };
  });
  return { temperature, preds };
}

/** Trains an intent classifier with calibrated probabilities and an OOS rejection threshold. */
export function trainIntent(rows: TrainRow[], opts: IntentTrainOptions = {}): IntentModel {
  const oosLabel = opts.oosLabel ?? 'oos';
  const base: LinearTrainOptions = { features: INTENT_FEATURES, C: 0.5, epochs: 15, ...opts };
  let temperature = 5,
    threshold = 0;
  if (rows.length >= 30) {
    const { fit, heldOut, pseudoOos } = splitHoldout(
      rows,
      opts.holdoutFraction ?? 0.2,
      opts.seed ?? 7,
      0.15,
      oosLabel,
    );
    const interim = trainLinear(fit, base);
    const held = heldOutPredictions(interim, heldOut, oosLabel, pseudoOos);
    temperature = held.temperature;
    threshold = tuneThreshold(held.preds, opts.rejectRate);
  }
  const model = trainLinear(rows, base);
  model.temperature = temperature;
  model.meta = { task: 'intent', oosLabel, threshold, trainRows: rows.length };
  return intentModelFrom(model, oosLabel, threshold);
}
