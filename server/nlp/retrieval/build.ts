import {
  buildBase,
  buildSynonymMap,
  type IndexOptions,
  type KbEntry,
  type KbIndex,
  variantsOf,
} from './index.ts';
import { poolWithFeatures } from './features.ts';
import { matcherApplies } from './learned.ts';
import { defaultRanker, fitRanker, type RankRecord } from './ranker.ts';
import type { SynonymMap } from './synonyms.ts';

export interface CvOptions {
  folds?: number;
  /** At most this many held-out questions are played (build-time bound). */
  maxQueries?: number;
  /** Weight of pseudo-out-of-scope queries (questions of entries removed from the fold's KB). */
  oosWeight?: number;
  /** Skip cross-validation above this many variants (the shipped defaults are used). */
  maxVariants?: number;
}

const CV_DEFAULTS: Required<CvOptions> = {
  folds: 4,
  maxQueries: 400,
  oosWeight: 0.5,
  maxVariants: 20_000,
};

/** Deterministic hash of two ints → [0, 1). */
function h01(a: number, b: number): number {
  let x = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x632be5ab, 0xc2b2ae35);
  x ^= x >>> 15;
  x = Math.imul(x, 0x2c1b3c6d);
  x ^= x >>> 12;
  x = Math.imul(x, 0x297a2d39);
  x ^= x >>> 15;
  return (x >>> 0) / 2 ** 32;
}

/**
 * Cross-validation records on the KB itself: each fold hides some similar questions (and every
 * question of ~1/8 of the entries, playing out-of-scope requests), rebuilds the index on the rest
 * and records the candidate features of each hidden question with the right candidate's position.
 */
export function crossValidationRecords(
  entries: KbEntry[],
  opts: IndexOptions = {},
  cv: CvOptions = {},
  synonyms?: SynonymMap,
): RankRecord[] {
  const o = { ...CV_DEFAULTS, ...cv };
  const syn = synonyms ?? buildSynonymMap(opts.synonyms);
  const variants = entries.map(variantsOf);
  const total = variants.reduce((a, v) => a + v.length, 0);
  const eligibleIdx = variants.flatMap((v, i) => (v.length >= 2 ? [i] : []));
  const eligible = eligibleIdx.length;
  if (eligible < 2 || total > o.maxVariants) return [];
  const learnOpts = opts.learn === false ? null : typeof opts.learn === 'object' ? opts.learn : {};
  const withMatcher = learnOpts !== null && matcherApplies(total, entries.length, learnOpts);
  const heldOut = variants.reduce((a, v) => a + (v.length >= 2 ? v.length : 0), 0);
  const keepRate = Math.min(1, o.maxQueries / Math.max(1, heldOut));
  const records: RankRecord[] = [];
  for (let f = 0; f < o.folds; f++) {
    const subEntries: KbEntry[] = [];
    const subVariants: string[][] = [];
    const queries: { text: string; gold: number | null }[] = [];
    // In a small KB, at least one entry per fold plays out-of-scope.
    const forced =
      eligibleIdx.length >= 3 && eligibleIdx.length < 16
        ? eligibleIdx[Math.floor(h01(f, 7) * eligibleIdx.length)]
        : -1;
    entries.forEach((e, i) => {
      const vs = variants[i];
      const dropped = vs.length >= 2 && (Math.floor(h01(i, 99) * 8) === f % 8 || i === forced);
      const keep: string[] = [];
      vs.forEach((text, j) => {
        const inFold = vs.length >= 2 && (i + j) % o.folds === f;
        if (inFold && h01(i * 131 + j, f) < keepRate)
          queries.push({ text, gold: dropped ? null : subEntries.length });
        if (!inFold) keep.push(text);
      });
      if (dropped || keep.length === 0) return;
      subEntries.push(e);
      subVariants.push(keep);
    });
    if (subEntries.length < 2 || queries.length === 0) continue;
    const learn = withMatcher ? { ...learnOpts, minVariantsPerEntry: 0, maxCost: Infinity } : false;
    const sub = buildBase(
      subEntries,
      subVariants,
      { ...opts, learn },
      syn,
      defaultRanker(withMatcher),
    );
    for (const q of queries) {
      const pool = poolWithFeatures(sub, q.text);
      const gold = q.gold === null ? -1 : pool.findIndex((c) => c.entry === q.gold);
      records.push({
        feats: pool.map((c) => c.f),
        gold,
        weight: q.gold === null ? o.oosWeight : 1,
      });
    }
  }
  return records;
}

/**
 * Builds the index: BM25 over every question variant and over whole entries, character n-gram idf,
 * for small KBs with paraphrases a supervised matcher, and a ranker whose weights are fitted on the
 * KB's own questions by cross-validation (shipped defaults when the KB has no paraphrases).
 */
export function buildIndex(entries: KbEntry[], opts: IndexOptions = {}): KbIndex {
  const synonyms = buildSynonymMap(opts.synonyms);
  const index = buildBase(entries, entries.map(variantsOf), opts, synonyms, defaultRanker(false));
  const paraphrased = index.variantText.length >= 1.5 * entries.length;
  index.ranker = defaultRanker(index.matcher !== undefined, !paraphrased);
  if (opts.calibrate === false) return index;
  const records = crossValidationRecords(entries, opts, {}, synonyms);
  // Few records → stronger pull toward the shipped defaults.
  if (records.length >= 20)
    index.ranker = fitRanker(records, {
      prior: index.ranker,
      l2: Math.max(0.002, 1 / records.length),
    });
  return index;
}
