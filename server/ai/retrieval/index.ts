import { buildBm25, type Bm25Index, scoreBm25, selfScore } from './bm25.ts';
import { charGrams, charIdf, cosine, weighGrams, type WeightedGrams } from './char-sim.ts';
import { buildSynonymMap, type SynonymMap } from './synonyms.ts';
import { type LearnedMatcher, type LearnOptions, trainMatcher } from './learned.ts';
import { termsOf } from './terms.ts';

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
  /** Combined match confidence 0–1 (what the bot policy thresholds). */
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
  bm25: Bm25Index;
  synonyms: SynonymMap;
  charIdf: Float32Array;
  variantGrams: (WeightedGrams | null)[];
  /** Supervised matcher over the KB's own paraphrases (small KBs only). */
  matcher?: LearnedMatcher;
  /** Optional embedding vectors per variant (see attachEmbeddings). */
  vectors?: number[][];
}

export interface IndexOptions { synonyms?: string[][]; k1?: number; b?: number; learn?: boolean | LearnOptions }

function variantsOf(e: KbEntry): string[] {
  const main = e.question ?? e.title ?? '';
  const list = [main, ...(e.similar_questions ?? [])];
  if (e.keywords?.length) list.push(e.keywords.join(' '));
  return list.filter((v) => v.trim() !== '');
}

/**
 * Builds the index: BM25 over every question variant, character n-gram idf and, for small KBs with
 * paraphrases, a supervised matcher trained on those variants (`learn: false` disables it).
 */
export function buildIndex(entries: KbEntry[], opts: IndexOptions = {}): KbIndex {
  const synonyms = buildSynonymMap(opts.synonyms);
  const variantEntry: number[] = [];
  const variantText: string[] = [];
  const entryStart = new Int32Array(entries.length + 1);
  entries.forEach((e, i) => {
    for (const v of variantsOf(e)) { variantEntry.push(i); variantText.push(v); }
    entryStart[i + 1] = variantText.length;
  });
  const bm25 = buildBm25(variantText.map((v) => termsOf(v, synonyms)), opts.k1, opts.b);
  const grams = variantText.map(charGrams);
  const { idf } = charIdf(grams);
  const vEntry = Int32Array.from(variantEntry);
  const learnOpts = opts.learn === false ? null : opts.learn === true || opts.learn === undefined ? {} : opts.learn;
  return {
    matcher: learnOpts ? trainMatcher(variantText, vEntry, entries.length, learnOpts) : undefined,
    entries, variantEntry: vEntry, entryStart, variantText, bm25, synonyms, charIdf: idf,
    variantGrams: new Array(variantText.length).fill(null),
  };
}

export function gramsOfVariant(index: KbIndex, v: number): WeightedGrams {
  let g = index.variantGrams[v];
  if (!g) { g = weighGrams(charGrams(index.variantText[v]), index.charIdf); index.variantGrams[v] = g; }
  return g;
}

export function queryGrams(index: KbIndex, query: string): WeightedGrams {
  return weighGrams(charGrams(query), index.charIdf);
}

export { cosine };
export { scoreBm25, selfScore, termsOf };
