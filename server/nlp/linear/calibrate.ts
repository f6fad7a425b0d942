import { softmax } from './model.ts';

function nll(
  decisions: Float64Array[],
  gold: Int32Array,
  t: number,
  offsets?: ArrayLike<number>,
): number {
  let s = 0;
  for (let i = 0; i < decisions.length; i++) {
    const p = softmax(decisions[i], t, offsets)[gold[i]];
    s -= Math.log(Math.max(p, 1e-12));
  }
  return s / Math.max(decisions.length, 1);
}

/** Temperature minimizing held-out negative log-likelihood (golden-section search on log t). */
export function fitTemperature(
  decisions: Float64Array[],
  gold: Int32Array,
  offsets?: ArrayLike<number>,
): number {
  if (decisions.length === 0) return 5;
  let lo = Math.log(0.1),
    hi = Math.log(100);
  const phi = (Math.sqrt(5) - 1) / 2;
  for (let it = 0; it < 40; it++) {
    const a = hi - phi * (hi - lo);
    const b = lo + phi * (hi - lo);
    if (nll(decisions, gold, Math.exp(a), offsets) < nll(decisions, gold, Math.exp(b), offsets))
      hi = b;
    else lo = a;
  }
  return Math.exp((lo + hi) / 2);
}
