import { type FeatureConfig, featureCounts } from './features.ts';
import { type Csr, type SparseVec, csrFromRows } from './sparse.ts';

/** Hashed buckets kept after training (sorted), their idf, and a bucket → row lookup. */
export interface Vectorizer {
  cfg: FeatureConfig;
  buckets: Uint32Array;
  idf: Float32Array;
  unseenIdf: number;
  slot: Int32Array;
}

export function makeVectorizer(
  cfg: FeatureConfig,
  buckets: Uint32Array,
  idf: Float32Array,
  unseenIdf: number,
): Vectorizer {
  const slot = new Int32Array(1 << cfg.bits).fill(-1);
  for (let i = 0; i < buckets.length; i++) slot[buckets[i]] = i;
  return { cfg, buckets, idf, unseenIdf, slot };
}

interface RawDoc {
  idx: Int32Array;
  cnt: Float32Array;
}

function rawDoc(text: string, cfg: FeatureConfig): RawDoc {
  const counts = featureCounts(text, cfg);
  const idx = new Int32Array(counts.size);
  const cnt = new Float32Array(counts.size);
  let i = 0;
  for (const [k, v] of counts) {
    idx[i] = k;
    cnt[i] = v;
    i++;
  }
  return { idx, cnt };
}

/** Sublinear tf × idf, L2-normalized; unseen buckets count in the norm only. */
function weigh(doc: RawDoc, vec: Vectorizer): SparseVec {
  const idx: number[] = [];
  const val: number[] = [];
  let norm = 0;
  for (let j = 0; j < doc.idx.length; j++) {
    const row = vec.slot[doc.idx[j]];
    const tf = 1 + Math.log(doc.cnt[j]);
    const w = tf * (row >= 0 ? vec.idf[row] : vec.unseenIdf);
    norm += w * w;
    if (row >= 0) {
      idx.push(row);
      val.push(w);
    }
  }
  const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (let j = 0; j < val.length; j++) val[j] *= inv;
  return { idx, val };
}

/** Weighs precomputed bucket counts (see FeatureCache). */
export function transformCounts(vec: Vectorizer, counts: Map<number, number>): SparseVec {
  const idx = new Int32Array(counts.size);
  const cnt = new Float32Array(counts.size);
  let i = 0;
  for (const [k, v] of counts) {
    idx[i] = k;
    cnt[i] = v;
    i++;
  }
  return weigh({ idx, cnt }, vec);
}

export function transform(vec: Vectorizer, text: string): SparseVec {
  return weigh(rawDoc(text, vec.cfg), vec);
}

/** Learns the bucket set (document frequency ≥ minDf) and idf, returns the training matrix. */
export function fitVectorizer(
  texts: string[],
  cfg: FeatureConfig,
  minDf = 1,
): { vec: Vectorizer; X: Csr } {
  const docs = texts.map((t) => rawDoc(t, cfg));
  const df = new Int32Array(1 << cfg.bits);
  for (const d of docs) for (let j = 0; j < d.idx.length; j++) df[d.idx[j]]++;
  const kept: number[] = [];
  for (let b = 0; b < df.length; b++) if (df[b] >= minDf) kept.push(b);
  const n = docs.length;
  const idf = new Float32Array(kept.length);
  kept.forEach((b, i) => {
    idf[i] = Math.log((1 + n) / (1 + df[b])) + 1;
  });
  const unseenIdf = Math.log((1 + n) / (1 + Math.max(1, minDf - 1))) + 1;
  const vec = makeVectorizer(cfg, Uint32Array.from(kept), idf, unseenIdf);
  const X = csrFromRows(
    docs.map((d) => weigh(d, vec)),
    kept.length,
  );
  return { vec, X };
}
