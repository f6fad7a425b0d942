import {
  centroidOf,
  gramsOfVariant,
  withDenseQuery,
  type KbIndex,
  queryGrams,
  scoreBm25,
  selfScore,
  termsOf,
} from './index.ts';
import { matcherScores } from './learned.ts';

/**
 * Per-candidate features the ranker combines. All are roughly in [0, 1] (decision values in ≈ [−1, 1]).
 * Order matters: it is the order of the ranker's weights.
 */
export const FEATURE_NAMES = [
  'matcher_prob',
  'matcher_decision',
  'bm25_variant',
  'bm25_entry',
  'char_max',
  'char_top3',
  'char_centroid',
  'term_coverage',
  'entry_size',
  // Agreement: the component's value when the candidate is the pool's best by it, else 0 (ties share).
  'best_matcher',
  'best_bm25_variant',
  'best_bm25_entry',
  'best_char_max',
  'best_char_centroid',
  // Margin over the best other candidate (positive only for the leader).
  'margin_matcher',
  'margin_char_centroid',
  'margin_char_max',
  // BM25 of the query against the entry's answer text (its weight is learned per KB: answers may be uninformative).
  'bm25_answer',
] as const;
const BASE_FEATURES = 9;
/** Pool-relative features: [argmax-indicator source feature …] and [margin source feature …]. */
const BEST_OF = [1, 2, 3, 4, 6];
const MARGIN_OF = [1, 6, 4];
export const N_FEATURES = FEATURE_NAMES.length;

export interface Pooled {
  entry: number;
  f: Float64Array;
  bm25: number;
  similarity: number;
  /** Best-matching variant. */
  variant: number;
}

export interface PoolOptions {
  depth?: number;
  locale?: string;
  extra?: number[];
}

interface Scratch {
  variantAcc: Float32Array;
  entryAcc: Float32Array;
  answerAcc: Float32Array;
  best: Float32Array;
  bestVariant: Int32Array;
  vTouched: number[];
  eTouched: number[];
  aTouched: number[];
  bestTouched: number[];
}
const scratches = new WeakMap<KbIndex, Scratch>();

function scratchOf(index: KbIndex): Scratch {
  let s = scratches.get(index);
  if (!s) {
    const n = index.entries.length;
    s = {
      variantAcc: new Float32Array(index.variantText.length),
      entryAcc: new Float32Array(n),
      answerAcc: new Float32Array(n),
      best: new Float32Array(n),
      bestVariant: new Int32Array(n),
      vTouched: [],
      eTouched: [],
      aTouched: [],
      bestTouched: [],
    };
    scratches.set(index, s);
  }
  return s;
}

/** Indices of the `k` largest `score[i]` among `ids` (min-heap; no full sort). */
export function topK(ids: number[], score: ArrayLike<number>, k: number): number[] {
  if (ids.length <= k) return ids;
  const heap: number[] = [];
  const less = (a: number, b: number) => score[a] < score[b];
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1,
        r = l + 1;
      let m = i;
      if (l < heap.length && less(heap[l], heap[m])) m = l;
      if (r < heap.length && less(heap[r], heap[m])) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m], heap[i]];
      i = m;
    }
  };
  for (const id of ids) {
    if (heap.length < k) {
      heap.push(id);
      for (let i = heap.length - 1; i > 0; ) {
        const p = (i - 1) >> 1;
        if (!less(heap[i], heap[p])) break;
        [heap[i], heap[p]] = [heap[p], heap[i]];
        i = p;
      }
    } else if (score[id] > score[heap[0]]) {
      heap[0] = id;
      down(0);
    }
  }
  return heap;
}

/** idf of a term in the entry-level BM25 index (unknown terms get the maximum). */
function termIdf(index: KbIndex, t: string): number {
  const id = index.entryBm25.termIds.get(t);
  return id === undefined
    ? Math.log(1 + (index.entries.length + 0.5) / 0.5)
    : index.entryBm25.idf[id];
}

/**
 * Candidate pool (BM25 over variants, BM25 over whole entries, the learned matcher's top entries)
 * with the features of each candidate.
 */
export function poolWithFeatures(index: KbIndex, query: string, opts: PoolOptions = {}): Pooled[] {
  const terms = termsOf(query, index.synonyms);
  const sc = scratchOf(index);
  const { vTouched, eTouched, aTouched, bestTouched } = sc;
  vTouched.length = 0;
  eTouched.length = 0;
  aTouched.length = 0;
  bestTouched.length = 0;
  scoreBm25(index.bm25, terms, sc.variantAcc, vTouched);
  scoreBm25(index.entryBm25, terms, sc.entryAcc, eTouched);
  scoreBm25(index.answerBm25, terms, sc.answerAcc, aTouched);
  for (const v of vTouched) {
    const e = index.variantEntry[v];
    if (sc.best[e] === 0) bestTouched.push(e);
    if (sc.variantAcc[v] > sc.best[e]) {
      sc.best[e] = sc.variantAcc[v];
      sc.bestVariant[e] = v;
    }
  }
  try {
    return scoredPool(index, query, terms, opts, sc, bestTouched, eTouched);
  } finally {
    for (const v of vTouched) sc.variantAcc[v] = 0;
    for (const e of eTouched) sc.entryAcc[e] = 0;
    for (const e of aTouched) sc.answerAcc[e] = 0;
    for (const e of bestTouched) sc.best[e] = 0;
  }
}

function scoredPool(
  index: KbIndex,
  query: string,
  terms: string[],
  opts: PoolOptions,
  sc: Scratch,
  bestTouched: number[],
  eTouched: number[],
): Pooled[] {
  const depth = opts.depth ?? 20;
  const selfA = selfScore(index.answerBm25, terms) || 1;
  const self = selfScore(index.bm25, terms) || 1;
  const selfE = selfScore(index.entryBm25, terms) || 1;
  const learned = index.matcher ? matcherScores(index.matcher, query, 8) : null;
  const pool = new Set<number>([
    ...topK(bestTouched, sc.best, depth),
    ...topK(eTouched, sc.entryAcc, depth),
    ...(learned?.top ?? []),
    ...(opts.extra ?? []),
  ]);
  const uniq = [...new Set(terms)];
  const idfs = uniq.map((t) => termIdf(index, t));
  const idfSum = idfs.reduce((a, b) => a + b, 0) || 1;
  const q = queryGrams(index, query);
  const out: Pooled[] = [];
  withDenseQuery(q, (cosine) => {
    for (const e of pool) {
      const loc = index.entries[e].locale;
      if (opts.locale && loc && loc !== opts.locale) continue;
      const sims: number[] = [];
      let best = -1,
        bestVariant = index.entryStart[e];
      for (let v = index.entryStart[e]; v < index.entryStart[e + 1]; v++) {
        const s = cosine(gramsOfVariant(index, v));
        sims.push(s);
        if (s > best) {
          best = s;
          bestVariant = v;
        }
      }
      sims.sort((a, b) => b - a);
      const top3 = sims.slice(0, 3);
      const mean3 = top3.length ? top3.reduce((a, b) => a + b, 0) / top3.length : 0;
      let covered = 0;
      uniq.forEach((t, i) => {
        if (index.entryTerms[e].has(t)) covered += idfs[i];
      });
      const vbScore = sc.best[e];
      const f = new Float64Array(N_FEATURES);
      f[0] = learned?.all.get(e) ?? 0;
      f[1] = learned?.decision.get(e) ?? 0;
      f[2] = Math.min(1, vbScore / self);
      f[3] = Math.min(1, sc.entryAcc[e] / selfE);
      f[4] = Math.max(0, best);
      f[5] = mean3;
      f[6] = cosine(centroidOf(index, e));
      f[7] = covered / idfSum;
      f[8] = Math.log(1 + sims.length) / Math.log(11);
      f[17] = Math.min(1, sc.answerAcc[e] / selfA);
      out.push({
        entry: e,
        f,
        bm25: vbScore,
        similarity: Math.max(0, best),
        variant: vbScore > 0 ? sc.bestVariant[e] : bestVariant,
      });
    }
  });
  addRelative(out, learned !== null);
  return out;
}

/** Fills the agreement and margin features, which depend on the whole pool. */
function addRelative(pool: Pooled[], withMatcher: boolean): void {
  BEST_OF.forEach((src, j) => {
    if (src <= 1 && !withMatcher) return;
    let max = -Infinity;
    for (const c of pool) max = Math.max(max, c.f[src]);
    if (max <= 0 && src !== 1) return;
    // The leader's own value (not just 1): a lead on a near-zero score is no evidence.
    for (const c of pool) c.f[BASE_FEATURES + j] = c.f[src] === max ? (src === 1 ? 1 : max) : 0;
  });
  MARGIN_OF.forEach((src, j) => {
    if (src <= 1 && !withMatcher) return;
    let a = -Infinity,
      b = -Infinity;
    for (const c of pool) {
      const x = c.f[src];
      if (x > a) {
        b = a;
        a = x;
      } else if (x > b) b = x;
    }
    if (b === -Infinity) b = src === 1 ? -1 : 0;
    for (const c of pool)
      c.f[BASE_FEATURES + BEST_OF.length + j] = c.f[src] === a ? a - b : c.f[src] - a;
  });
}
