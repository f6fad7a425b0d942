import type { LinearWeights } from './svm.ts';
import type { SparseVec } from './sparse.ts';
import { transform, type Vectorizer } from './vectorizer.ts';

/** A trained linear text classifier with softmax calibration over its decision values. */
export interface LinearModel {
  labels: string[];
  vec: Vectorizer;
  weights: LinearWeights;
  /** Softmax temperature multiplier on decision values, fitted on held-out data. */
  temperature: number;
  /** Additive per-class logit offsets (prior correction), default 0. */
  offsets: Float32Array;
  meta: Record<string, unknown>;
}

export function decisionOf(model: LinearModel, x: SparseVec): Float64Array {
  const { W, bias, nClasses } = model.weights;
  const out = new Float64Array(nClasses);
  for (let c = 0; c < nClasses; c++) out[c] = bias[c];
  for (let j = 0; j < x.idx.length; j++) {
    const base = x.idx[j] * nClasses;
    const v = x.val[j];
    for (let c = 0; c < nClasses; c++) out[c] += W[base + c] * v;
  }
  return out;
}

export function softmax(
  scores: ArrayLike<number>,
  temperature: number,
  offsets?: ArrayLike<number>,
): number[] {
  const z = Array.from(scores, (s, i) => s * temperature + (offsets ? offsets[i] : 0));
  const max = Math.max(...z);
  const e = z.map((v) => Math.exp(v - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}

export function probaOfVec(model: LinearModel, x: SparseVec): number[] {
  return softmax(decisionOf(model, x), model.temperature, model.offsets);
}

/** Calibrated class probabilities of a text, in `model.labels` order. */
export function predictProba(model: LinearModel, text: string): number[] {
  return probaOfVec(model, transform(model.vec, text));
}

export function argmax(a: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < a.length; i++) if (a[i] > a[best]) best = i;
  return best;
}
