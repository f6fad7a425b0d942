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

export interface WeightedGrams { w: Map<number, number>; norm: number }

export function weighGrams(grams: Map<number, number>, idf: Float32Array): WeightedGrams {
  const w = new Map<number, number>();
  let norm = 0;
  for (const [k, c] of grams) {
    const v = (1 + Math.log(c)) * idf[k];
    w.set(k, v);
    norm += v * v;
  }
  return { w, norm: Math.sqrt(norm) };
}

export function cosine(a: WeightedGrams, b: WeightedGrams): number {
  if (a.norm === 0 || b.norm === 0) return 0;
  const [small, large] = a.w.size <= b.w.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [k, v] of small.w) {
    const o = large.w.get(k);
    if (o !== undefined) dot += v * o;
  }
  return dot / (a.norm * b.norm);
}
