import type { Csr } from './sparse.ts';

export interface SvmOptions {
  /** Regularization (larger = less regularized). */
  C: number;
  /** Passes over the data per class (full passes; shrunk passes may add up to 2× more). */
  epochs: number;
  /** Stopping tolerance on the projected-gradient spread (liblinear's 0.1 by default). */
  tolerance?: number;
  /** Per-example weight multipliers (e.g. class balancing, data source weighting). */
  sampleWeight?: Float32Array;
  /** Exponent for balancing positive vs negative examples of each one-vs-rest problem (0 = none). */
  balance?: number;
  seed?: number;
}

export interface LinearWeights {
  /** Feature-major: W[row * nClasses + c]. */
  W: Float32Array;
  bias: Float32Array;
  nClasses: number;
}

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => ((s = Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 4294967296;
}

function shuffle(a: Int32Array, rand: () => number): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}

/** Q_ii = ||x_i||² + 1 (bias) + 1/(2 C_i). */
function diagonal(X: Csr, cost: Float32Array): Float64Array {
  const q = new Float64Array(X.nRows);
  for (let i = 0; i < X.nRows; i++) {
    let s = 1;
    for (let p = X.indptr[i]; p < X.indptr[i + 1]; p++) s += X.values[p] * X.values[p];
    q[i] = s + 1 / (2 * cost[i]);
  }
  return q;
}

/**
 * Dual coordinate descent for one L2-regularized squared-hinge SVM (Hsieh et al. 2008) with
 * liblinear-style shrinking: examples at the bound whose gradient says they stay there are skipped.
 */
function trainBinary(
  X: Csr,
  y: Int8Array,
  cost: Float32Array,
  opts: SvmOptions,
  rand: () => number,
): Float64Array {
  const { indptr, indices, values } = X;
  const n = X.nRows;
  const w = new Float64Array(X.nCols + 1);
  const alpha = new Float64Array(n);
  const qii = diagonal(X, cost);
  const order = new Int32Array(n).map((_, i) => i);
  const biasIdx = X.nCols;
  const eps = opts.tolerance ?? 0.1;
  let active = n,
    pgMaxOld = Infinity;
  for (let epoch = 0; epoch < opts.epochs * 3; epoch++) {
    shuffle(order.subarray(0, active), rand);
    let pgMax = -Infinity,
      pgMin = Infinity;
    for (let s = 0; s < active; s++) {
      const i = order[s];
      const yi = y[i];
      let dot = w[biasIdx];
      for (let p = indptr[i]; p < indptr[i + 1]; p++) dot += w[indices[p]] * values[p];
      const g = yi * dot - 1 + alpha[i] / (2 * cost[i]);
      let pg = g;
      if (alpha[i] === 0) {
        if (g > pgMaxOld) {
          active--;
          order[s] = order[active];
          order[active] = i;
          s--;
          continue;
        }
        if (g > 0) pg = 0;
      }
      if (pg > pgMax) pgMax = pg;
      if (pg < pgMin) pgMin = pg;
      if (Math.abs(pg) < 1e-12) continue;
      const old = alpha[i];
      alpha[i] = Math.max(old - g / qii[i], 0);
      const d = (alpha[i] - old) * yi;
      for (let p = indptr[i]; p < indptr[i + 1]; p++) w[indices[p]] += d * values[p];
      w[biasIdx] += d;
    }
    if (pgMax - pgMin <= eps) {
      if (active === n) break;
      active = n;
      pgMaxOld = Infinity;
      continue;
    }
    pgMaxOld = pgMax <= 0 ? Infinity : pgMax;
    if (epoch + 1 >= opts.epochs && active === n) break;
  }
  return w;
}

function binaryCosts(
  labels: Int32Array,
  c: number,
  counts: number[],
  opts: SvmOptions,
): Float32Array {
  const n = labels.length;
  const pos = counts[c];
  const balance = opts.balance ?? 0;
  const posW = balance > 0 ? ((n - pos) / Math.max(pos, 1)) ** balance : 1;
  const cost = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const base = (labels[i] === c ? posW : 1) * opts.C;
    cost[i] = base * (opts.sampleWeight ? opts.sampleWeight[i] : 1);
  }
  return cost;
}

/** One-vs-rest linear SVM over all classes; returns feature-major weights. */
export function trainOvR(
  X: Csr,
  labels: Int32Array,
  nClasses: number,
  opts: SvmOptions,
): LinearWeights {
  const rand = rng(opts.seed ?? 42);
  const counts = new Array<number>(nClasses).fill(0);
  for (const l of labels) counts[l]++;
  const W = new Float32Array(X.nCols * nClasses);
  const bias = new Float32Array(nClasses);
  const y = new Int8Array(labels.length);
  for (let c = 0; c < nClasses; c++) {
    for (let i = 0; i < labels.length; i++) y[i] = labels[i] === c ? 1 : -1;
    const w = trainBinary(X, y, binaryCosts(labels, c, counts, opts), opts, rand);
    for (let f = 0; f < X.nCols; f++) W[f * nClasses + c] = w[f];
    bias[c] = w[X.nCols];
  }
  return { W, bias, nClasses };
}
