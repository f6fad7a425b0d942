import { buildBm25, type Bm25Index, scoreBm25, selfScore } from './bm25.ts';
import {
  charGrams,
  charIdf,
  cosine,
  fromWeights,
  weighGrams,
  type WeightedGrams,
  withDenseQuery,
} from './char-sim.ts';
import { buildSynonymMap, type SynonymMap } from './synonyms.ts';
import { type LearnedMatcher, type LearnOptions, trainMatcher } from './learned.ts';
import { termsOf } from './terms.ts';
import type { Ranker } from './ranker.ts';

export interface KbEntry {
  id: string;
  question?: string;
  title?: string;
  similar_questions?: string[];
  answer: string;
  keywords?: string[];
  locale?: string;
}

export interface Candidate {
  id: string;
  /**
   * Calibrated probability (0–1) that this entry answers the query, from the index's ranker
   * (trained on the KB's own questions by cross-validation). What the bot policy thresholds.
   */
  score: number;
  bm25: number;
  similarity: number;
  /** The entry's main question and answer, verbatim from the KB. */
  question: string;
  answer: string;
  /** The variant (question or similar question) that matched best. */
  matched: string;
}

export interface KbIndex {
  entries: KbEntry[];
  variantEntry: Int32Array;
  /** Variants of entry i are entryStart[i] … entryStart[i + 1] − 1. */
  entryStart: Int32Array;
  variantText: string[];
  /** BM25 over single variants (one document per question / similar question). */
  bm25: Bm25Index;
  /** BM25 over whole entries (all variants of an entry as one document). */
  entryBm25: Bm25Index;
  /** BM25 over answer texts (one document per entry). */
  answerBm25: Bm25Index;
  /** Distinct retrieval terms of each entry (for query-term coverage). */
  entryTerms: Set<string>[];
  synonyms: SynonymMap;
  charIdf: Float32Array;
  variantGrams: (WeightedGrams | null)[];
  /** L2-normalized mean of an entry's variant vectors (similarity to the whole set of questions). */
  entryCentroid: (WeightedGrams | null)[];
  /** Supervised matcher over the KB's own paraphrases (small KBs only). */
  matcher?: LearnedMatcher;
  /** Feature weights + none-bias turning candidate features into calibrated probabilities. */
  ranker: Ranker;
  /** Optional embedding vectors per variant (see attachEmbeddings). */
  vectors?: number[][];
}

export interface IndexOptions {
  synonyms?: string[][];
  k1?: number;
  b?: number;
  learn?: boolean | LearnOptions;
  /** Train the ranker on the KB by cross-validation (default true; false → shipped default weights). */
  calibrate?: boolean;
}

export function variantsOf(e: KbEntry): string[] {
  const main = e.question ?? e.title ?? '';
  const list = [main, ...(e.similar_questions ?? [])];
  if (e.keywords?.length) list.push(e.keywords.join(' '));
  return list.filter((v) => v.trim() !== '');
}

/** Lexical part of the index plus the optional matcher; the ranker is attached by `buildIndex`. */
export function buildBase(
  entries: KbEntry[],
  variants: string[][],
  opts: IndexOptions,
  synonyms: SynonymMap,
  ranker: Ranker,
): KbIndex {
  const variantEntry: number[] = [];
  const variantText: string[] = [];
  const entryStart = new Int32Array(entries.length + 1);
  variants.forEach((vs, i) => {
    for (const v of vs) {
      variantEntry.push(i);
      variantText.push(v);
    }
    entryStart[i + 1] = variantText.length;
  });
  const variantTerms = variantText.map((v) => termsOf(v, synonyms));
  const bm25 = buildBm25(variantTerms, opts.k1, opts.b);
  const entryDocs: string[][] = entries.map((_, i) =>
    variantTerms.slice(entryStart[i], entryStart[i + 1]).flat(),
  );
  const entryBm25 = buildBm25(entryDocs, opts.k1, opts.b);
  const answerBm25 = buildBm25(
    entries.map((e) => termsOf(e.answer ?? '', synonyms)),
    opts.k1,
    opts.b,
  );
  const grams = variantText.map(charGrams);
  const { idf } = charIdf(grams);
  const vEntry = Int32Array.from(variantEntry);
  const learnOpts =
    opts.learn === false ? null : opts.learn === true || opts.learn === undefined ? {} : opts.learn;
  return {
    matcher: learnOpts ? trainMatcher(variantText, vEntry, entries.length, learnOpts) : undefined,
    entries,
    variantEntry: vEntry,
    entryStart,
    variantText,
    bm25,
    entryBm25,
    answerBm25,
    synonyms,
    charIdf: idf,
    entryTerms: entryDocs.map((d) => new Set(d)),
    variantGrams: new Array(variantText.length).fill(null),
    entryCentroid: new Array(entries.length).fill(null),
    ranker,
  };
}

export function gramsOfVariant(index: KbIndex, v: number): WeightedGrams {
  let g = index.variantGrams[v];
  if (!g) {
    g = weighGrams(charGrams(index.variantText[v]), index.charIdf);
    index.variantGrams[v] = g;
  }
  return g;
}

/** Centroid of an entry's normalized variant vectors (cached). */
export function centroidOf(index: KbIndex, e: number): WeightedGrams {
  let c = index.entryCentroid[e];
  if (c) return c;
  const w = new Map<number, number>();
  for (let v = index.entryStart[e]; v < index.entryStart[e + 1]; v++) {
    const g = gramsOfVariant(index, v);
    if (g.norm === 0) continue;
    for (let i = 0; i < g.keys.length; i++)
      w.set(g.keys[i], (w.get(g.keys[i]) ?? 0) + g.vals[i] / g.norm);
  }
  c = fromWeights(w);
  index.entryCentroid[e] = c;
  return c;
}

export function queryGrams(index: KbIndex, query: string): WeightedGrams {
  return weighGrams(charGrams(query), index.charIdf);
}

export { cosine, withDenseQuery };
export { scoreBm25, selfScore, termsOf };
export { buildSynonymMap };
export { buildIndex } from './build.ts';
