import { cosine, gramsOfVariant, type Candidate, type KbIndex, queryGrams, scoreBm25, selfScore, termsOf } from './index.ts';

export interface SearchOptions {
  /** Entries considered for the character-similarity rerank (by BM25). */
  rerankDepth?: number;
  /** Only entries with this locale (or none) are returned. */
  locale?: string;
  /** Query embedding for hybrid scoring when the index has vectors. */
  queryVector?: number[];
  /** Weight of the embedding cosine in the combined score (0–1). */
  embedWeight?: number;
}

interface EntryAgg { bm25: number; sims: number[]; best: number; bestVariant: number }

function dot(a: number[], b: number[]): number {
  let s = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) { s += a[i] * b[i]; na += a[i] * a[i]; nb += b[i] * b[i]; }
  return na && nb ? s / Math.sqrt(na * nb) : 0;
}

function bm25ByEntry(index: KbIndex, terms: string[], locale?: string): Map<number, EntryAgg> {
  const acc = new Float32Array(index.variantText.length);
  const touched: number[] = [];
  scoreBm25(index.bm25, terms, acc, touched);
  const byEntry = new Map<number, EntryAgg>();
  for (const v of touched) {
    const e = index.variantEntry[v];
    const loc = index.entries[e].locale;
    if (locale && loc && loc !== locale) continue;
    const agg = byEntry.get(e);
    if (!agg) byEntry.set(e, { bm25: acc[v], sims: [], best: 0, bestVariant: v });
    else if (acc[v] > agg.bm25) { agg.bm25 = acc[v]; agg.bestVariant = v; }
  }
  return byEntry;
}

/** Top-k KB entries for a query: BM25 recall, then character n-gram similarity rerank. */
export function search(index: KbIndex, query: string, k = 5, opts: SearchOptions = {}): Candidate[] {
  const terms = termsOf(query, index.synonyms);
  const byEntry = bm25ByEntry(index, terms, opts.locale);
  const self = selfScore(index.bm25, terms) || 1;
  const pool = [...byEntry.entries()].sort((a, b) => b[1].bm25 - a[1].bm25).slice(0, opts.rerankDepth ?? 30);
  const q = queryGrams(index, query);
  const results: Candidate[] = [];
  for (const [e, agg] of pool) {
    let bestSim = 0, bestVar = agg.bestVariant, embed = 0;
    const sims: number[] = [];
    for (let v = index.entryStart[e]; v < index.entryStart[e + 1]; v++) {
      const s = cosine(q, gramsOfVariant(index, v));
      sims.push(s);
      if (s > bestSim) { bestSim = s; bestVar = v; }
      if (opts.queryVector && index.vectors?.[v]) embed = Math.max(embed, dot(opts.queryVector, index.vectors[v]));
    }
    sims.sort((a, b) => b - a);
    const top3 = sims.slice(0, 3);
    const sim = 0.7 * bestSim + 0.3 * (top3.reduce((a, b) => a + b, 0) / top3.length);
    const lexical = 0.6 * sim + 0.4 * Math.min(1, agg.bm25 / self);
    const w = opts.queryVector && index.vectors ? (opts.embedWeight ?? 0.5) : 0;
    const entry = index.entries[e];
    results.push({
      id: entry.id, score: (1 - w) * lexical + w * embed, bm25: agg.bm25, similarity: sim,
      question: entry.question ?? entry.title ?? '', answer: entry.answer, matched: index.variantText[bestVar],
    });
  }
  return results.sort((a, b) => b.score - a.score).slice(0, k);
}
