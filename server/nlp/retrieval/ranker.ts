import { N_FEATURES } from './features.ts';

/**
 * Conditional-logit ranker: P(candidate c) = exp(w·f_c) / (exp(none) + Σ_c' exp(w·f_c')).
 * The "none" option (no candidate answers: out of scope, or the right entry was not retrieved)
 * makes the probabilities absolute, so one threshold means the same thing on every KB.
 */
export interface Ranker {
  w: number[];
  none: number;
  source: 'default' | 'cross-validated';
}

/**
 * Defaults used when a KB cannot be cross-validated (entries without similar questions).
 * Fitted by `scripts/ai/faq-ranker-defaults.ts` on cross-validation records of KBs built from
 * training data only (BANKING77 train, CC BY 4.0; Kefu's own e-commerce intents, MIT).
 */
export const DEFAULT_RANKER_LEARNED: Ranker = {
  w: [
    -0.3775, 2.6522, 0.6484, 2.046, 0.8426, -1.0023, 1.2105, 1.2789, 0.4975, 0.1098, 0.3028, 0.4236,
    -0.0524, -0.1612, 0.5094, 4.4735, 0.8592, 0.5,
  ],
  none: 0.0484,
  source: 'default',
};
export const DEFAULT_RANKER_LEXICAL: Ranker = {
  w: [
    0, 0, 1.1657, 2.7494, 1.5757, 0.0747, 2.8039, 1.3227, -0.9963, 0, 0.2504, 0.5863, -0.1648,
    0.223, 0, 6.5512, 2.2358, 0.5,
  ],
  none: 2.0484,
  source: 'default',
};

/** For KBs whose entries have a single question each (fitted on single-question KBs from training data). */
export const DEFAULT_RANKER_SINGLE: Ranker = {
  w: [
    0, 0, 3.7674, 2.2674, 2.4939, -0.0061, 0.9939, -0.2827, -0.1531, 0, 0.0097, 0.0097, 0.0904,
    0.0904, 0, 1.9848, 1.9848, 0.5,
  ],
  none: 3.0297,
  source: 'default',
};

export function defaultRanker(withMatcher: boolean, singleQuestion = false): Ranker {
  const r = withMatcher
    ? DEFAULT_RANKER_LEARNED
    : singleQuestion
      ? DEFAULT_RANKER_SINGLE
      : DEFAULT_RANKER_LEXICAL;
  return { ...r, w: [...r.w] };
}

export function logitOf(r: Ranker, f: ArrayLike<number>): number {
  let z = 0;
  for (let i = 0; i < N_FEATURES; i++) z += r.w[i] * f[i];
  return z;
}

/** Probabilities of each candidate (same order), plus the none option. */
export function probabilities(
  r: Ranker,
  feats: ArrayLike<number>[],
  extraLogit?: number[],
): { p: number[]; none: number } {
  const z = feats.map((f, i) => logitOf(r, f) + (extraLogit?.[i] ?? 0));
  const max = Math.max(r.none, ...z);
  const e = z.map((v) => Math.exp(v - max));
  const en = Math.exp(r.none - max);
  const sum = e.reduce((a, b) => a + b, en);
  return { p: e.map((v) => v / sum), none: en / sum };
}

/** One training query: candidate features and the index of the right one (−1: none is right). */
export interface RankRecord {
  feats: Float64Array[];
  gold: number;
  weight: number;
}

export interface FitOptions {
  l2?: number;
  iterations?: number;
  prior?: Ranker;
}

function objective(
  theta: Float64Array,
  records: RankRecord[],
  l2: number,
  p0: Float64Array,
  totalW: number,
): number {
  const r = toRanker(theta);
  let loss = 0;
  for (const rec of records) {
    const { p, none } = probabilities(r, rec.feats);
    loss -= rec.weight * Math.log(Math.max(1e-300, rec.gold >= 0 ? p[rec.gold] : none));
  }
  let pen = 0;
  for (let i = 0; i < theta.length; i++) pen += (theta[i] - p0[i]) ** 2;
  return loss / totalW + l2 * pen;
}

function toRanker(theta: Float64Array): Ranker {
  return {
    w: Array.from(theta.subarray(0, N_FEATURES)),
    none: theta[N_FEATURES],
    source: 'cross-validated',
  };
}

/** Solves A x = b (A symmetric positive definite, small) by Gaussian elimination with partial pivoting. */
function solve(A: Float64Array[], b: Float64Array): Float64Array {
  const n = b.length;
  const M = A.map((row, i) => Float64Array.from([...row, b[i]]));
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[piv][c])) piv = r;
    [M[c], M[piv]] = [M[piv], M[c]];
    const d = M[c][c] || 1e-12;
    for (let r = c + 1; r < n; r++) {
      const k = M[r][c] / d;
      if (k !== 0) for (let j = c; j <= n; j++) M[r][j] -= k * M[c][j];
    }
  }
  const x = new Float64Array(n);
  for (let r = n - 1; r >= 0; r--) {
    let v = M[r][n];
    for (let j = r + 1; j < n; j++) v -= M[r][j] * x[j];
    x[r] = v / (M[r][r] || 1e-12);
  }
  return x;
}

/**
 * Fits weights by penalized maximum likelihood (Newton's method with step halving; the problem is
 * convex). The L2 penalty pulls toward the prior (the default ranker), so a small KB stays close to
 * the defaults.
 */
export function fitRanker(records: RankRecord[], opts: FitOptions = {}): Ranker {
  const prior = opts.prior ?? DEFAULT_RANKER_LEARNED;
  const l2 = opts.l2 ?? 0.002;
  const iters = opts.iterations ?? 15;
  const dim = N_FEATURES + 1;
  const p0 = Float64Array.from([...prior.w, prior.none]);
  let theta = Float64Array.from(p0);
  const totalW = records.reduce((a, r) => a + r.weight, 0) || 1;
  let obj = objective(theta, records, l2, p0, totalW);
  const x = new Float64Array(dim),
    mu = new Float64Array(dim);
  for (let it = 0; it < iters; it++) {
    const g = new Float64Array(dim);
    const H = Array.from({ length: dim }, () => new Float64Array(dim));
    const r = toRanker(theta);
    for (const rec of records) {
      const { p, none } = probabilities(r, rec.feats);
      mu.fill(0);
      mu[N_FEATURES] = none;
      for (let c = 0; c < rec.feats.length; c++)
        for (let i = 0; i < N_FEATURES; i++) mu[i] += p[c] * rec.feats[c][i];
      // gradient of −log P(gold): E_p[x] − x_gold, x = (f, 0) for a candidate and (0, 1) for none.
      for (let i = 0; i < dim; i++) g[i] += rec.weight * mu[i];
      if (rec.gold >= 0)
        for (let i = 0; i < N_FEATURES; i++) g[i] -= rec.weight * rec.feats[rec.gold][i];
      else g[N_FEATURES] -= rec.weight;
      // Hessian: E_p[x xᵀ] − μ μᵀ.
      const add = (xv: Float64Array, pc: number) => {
        for (let i = 0; i < dim; i++) {
          const a = rec.weight * pc * xv[i];
          if (a === 0) continue;
          const Hi = H[i];
          for (let j = 0; j < dim; j++) Hi[j] += a * xv[j];
        }
      };
      for (let c = 0; c < rec.feats.length; c++) {
        x.set(rec.feats[c]);
        x[N_FEATURES] = 0;
        add(x, p[c]);
      }
      x.fill(0);
      x[N_FEATURES] = 1;
      add(x, none);
      add(mu, -1);
    }
    for (let i = 0; i < dim; i++) {
      g[i] = g[i] / totalW + 2 * l2 * (theta[i] - p0[i]);
      for (let j = 0; j < dim; j++) H[i][j] /= totalW;
      H[i][i] += 2 * l2 + 1e-9;
    }
    const step = solve(H, g);
    let t = 1,
      next = theta,
      nextObj = obj;
    for (let k = 0; k < 20; k++, t /= 2) {
      next = Float64Array.from(theta, (v, i) => v - t * step[i]);
      nextObj = objective(next, records, l2, p0, totalW);
      if (nextObj <= obj) break;
    }
    if (!(nextObj <= obj)) break;
    const done = obj - nextObj < 1e-7;
    theta = next;
    obj = nextObj;
    if (done) break;
  }
  const round = (v: number) => Math.round(v * 1e4) / 1e4;
  return {
    w: Array.from(theta.subarray(0, N_FEATURES), round),
    none: round(theta[N_FEATURES]),
    source: 'cross-validated',
  };
}
