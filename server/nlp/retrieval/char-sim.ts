import { fnvStep, mix } from '../linear/hash.ts';
import { normalizeText } from '../text/normalize.ts';

const BITS = 18;
const MASK = (1 << BITS) - 1;

/** Hashed character 1–3-gram counts of normalized text (spaces kept as word boundaries). */
export function charGrams(text: string): Map<number, number> {
  const s = ` ${normalizeText(text)} `;
  const out = new Map<number, number>();
  for (let i = 0; i < s.length; i++) {
    let h = 0x811c9dc5;
    for (let n = 1; n <= 3 && i + n <= s.length; n++) {
      h = fnvStep(h, s.charCodeAt(i + n - 1));
      if (n === 1 && s.charCodeAt(i) === 32) continue;
      const k = mix(h ^ n) & MASK;
      out.set(k, (out.get(k) ?? 0) + 1);
    }
  }
  return out;
}

/** Document frequencies of hashed grams over all variants → idf lookup. */
export function charIdf(docs: Map<number, number>[]): { idf: Float32Array; n: number } {
  const df = new Int32Array(1 << BITS);
  for (const d of docs) for (const k of d.keys()) df[k]++;
  const n = docs.length;
  const idf = new Float32Array(1 << BITS);
  for (let k = 0; k < idf.length; k++) idf[k] = Math.log((1 + n) / (1 + df[k])) + 1;
  return { idf, n };
}

/** Sparse tf-idf vector: bucket ids sorted ascending, their weights, and the L2 norm. */
export interface WeightedGrams {
  keys: Int32Array;
  vals: Float32Array;
  norm: number;
}

export function weighGrams(grams: Map<number, number>, idf: Float32Array): WeightedGrams {
  const keys = Int32Array.from(grams.keys()).sort();
  const vals = new Float32Array(keys.length);
  let norm = 0;
  for (let i = 0; i < keys.length; i++) {
    const v = (1 + Math.log(grams.get(keys[i])!)) * idf[keys[i]];
    vals[i] = v;
    norm += v * v;
  }
  return { keys, vals, norm: Math.sqrt(norm) };
}

/** Builds a vector from bucket → weight (any order). */
export function fromWeights(w: Map<number, number>): WeightedGrams {
  const keys = Int32Array.from(w.keys()).sort();
  const vals = Float32Array.from(keys, (k) => w.get(k)!);
  let norm = 0;
  for (const v of vals) norm += v * v;
  return { keys, vals, norm: Math.sqrt(norm) };
}

/** Cosine by merging the two sorted key lists. */
export function cosine(a: WeightedGrams, b: WeightedGrams): number {
  if (a.norm === 0 || b.norm === 0) return 0;
  let i = 0,
    j = 0,
    dot = 0;
  const ak = a.keys,
    bk = b.keys;
  while (i < ak.length && j < bk.length) {
    const x = ak[i],
      y = bk[j];
    if (x === y) {
      dot += a.vals[i++] * b.vals[j++];
    } else if (x < y) i++;
    else j++;
  }
  return dot / (a.norm * b.norm);
}

const DENSE = new Float32Array(1 << BITS);

/**
 * Cosines of one query against many vectors: the query is scattered into a dense scratch array once,
 * so each dot product is a single pass over the other vector.
 */
export function withDenseQuery<T>(
  q: WeightedGrams,
  fn: (dot: (b: WeightedGrams) => number) => T,
): T {
  for (let i = 0; i < q.keys.length; i++) DENSE[q.keys[i]] = q.vals[i];
  const inv = q.norm > 0 ? 1 / q.norm : 0;
  try {
    return fn((b) => {
      if (b.norm === 0 || inv === 0) return 0;
      let dot = 0;
      const bk = b.keys,
        bv = b.vals;
      for (let j = 0; j < bk.length; j++) dot += DENSE[bk[j]] * bv[j];
      return (dot * inv) / b.norm;
    });
  } finally {
    for (let i = 0; i < q.keys.length; i++) DENSE[q.keys[i]] = 0;
  }
}
