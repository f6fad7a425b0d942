import { cosine, gramsOfVariant, type Candidate, type KbIndex, queryGrams, scoreBm25, selfScore, termsOf } from './index.ts';
import { matcherScores } from './learned.ts';
import type { WeightedGrams } from './char-sim.ts';

export interface SearchOptions {
  /** Entries considered for the character-similarity rerank (by BM25). */
  rerankDepth?: number;
  /** Only entries with this locale (or none) are returned. */
  locale?: string;
  /** Query embedding for hybrid scoring when the index has vectors. */
  queryVector?: number[];
  /** Weight of the embedding cosine in the combined score (0–1). */
  embedWeight?: number;
  /** Weight of the learned matcher's probability when the index has one (0–1). */
  matcherWeight?: number;
}

function cos(a: number[], b: number[]): number {
  let s = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) { s += a[i] * b[i]; na += a[i] * a[i]; nb += b[i] * b[i]; }
  return na && nb ? s / Math.sqrt(na * nb) : 0;
}

/** Best BM25 per entry (and its variant), locale-filtered. */
function bm25ByEntry(index: KbIndex, terms: string[], locale?: string): Map<number, { bm25: number; variant: number }> {
  const acc = new Float32Array(index.variantText.length);
  const touched: number[] = [];
  scoreBm25(index.bm25, terms, acc, touched);
  const byEntry = new Map<number, { bm25: number; variant: number }>();
  for (const v of touched) {
    const e = index.variantEntry[v];
    const loc = index.entries[e].locale;
    if (locale && loc && loc !== locale) continue;
    const agg = byEntry.get(e);
    if (!agg || acc[v] > agg.bm25) byEntry.set(e, { bm25: acc[v], variant: v });
  }
  return byEntry;
}

/** Entries of the `k` variants nearest to the query vector (embedding recall). */
function embeddingTop(index: KbIndex, queryVector: number[] | undefined, k: number): number[] {
  if (!queryVector || !index.vectors) return [];
  const scored = index.vectors.map((v, i) => [cos(queryVector, v), i] as const).sort((a, b) => b[0] - a[0]);
  return scored.slice(0, k).map(([, i]) => index.variantEntry[i]);
}

/** Character similarity of the query to an entry (best variant, blended with its top-3 mean). */
function entrySimilarity(index: KbIndex, e: number, q: WeightedGrams, queryVector?: number[]) {
  let best = 0, bestVariant = index.entryStart[e], embed = 0;
  const sims: number[] = [];
  for (let v = index.entryStart[e]; v < index.entryStart[e + 1]; v++) {
    const s = cosine(q, gramsOfVariant(index, v));
    sims.push(s);
    if (s > best) { best = s; bestVariant = v; }
    if (queryVector && index.vectors?.[v]) embed = Math.max(embed, cos(queryVector, index.vectors[v]));
  }
  const top3 = sims.sort((a, b) => b - a).slice(0, 3);
  const mean = top3.length ? top3.reduce((a, b) => a + b, 0) / top3.length : 0;
  return { sim: 0.7 * best + 0.3 * mean, bestVariant, embed };
}

/**
 * Top-k KB entries for a query: BM25 recall (+ the learned matcher's top entries), character n-gram
 * similarity rerank, optional matcher probability and embedding cosine blended into `score`.
 */
export function search(index: KbIndex, query: string, k = 5, opts: SearchOptions = {}): Candidate[] {
  const terms = termsOf(query, index.synonyms);
  const byEntry = bm25ByEntry(index, terms, opts.locale);
  const self = selfScore(index.bm25, terms) || 1;
  const pool = new Set([...byEntry.entries()].sort((a, b) => b[1].bm25 - a[1].bm25).slice(0, opts.rerankDepth ?? 30).map(([e]) => e));
  const learned = index.matcher ? matcherScores(index.matcher, query, 5) : null;
  for (const e of learned?.top ?? []) {
    const loc = index.entries[e].locale;
    if (!(opts.locale && loc && loc !== opts.locale)) pool.add(e);
  }
  for (const e of embeddingTop(index, opts.queryVector, 5)) pool.add(e);
  const q = queryGrams(index, query);
  const wm = learned ? (opts.matcherWeight ?? 0.5) : 0;
  const we = opts.queryVector && index.vectors ? (opts.embedWeight ?? 0.5) : 0;
  const results: Candidate[] = [];
  for (const e of pool) {
    const bm = byEntry.get(e);
    const { sim, bestVariant, embed } = entrySimilarity(index, e, q, opts.queryVector);
    const lexical = 0.6 * sim + 0.4 * Math.min(1, (bm?.bm25 ?? 0) / self);
    const base = (1 - wm) * lexical + wm * (learned?.all.get(e) ?? 0);
    const entry = index.entries[e];
    results.push({
      id: entry.id, score: (1 - we) * base + we * embed, bm25: bm?.bm25 ?? 0, similarity: sim,
      question: entry.question ?? entry.title ?? '', answer: entry.answer, matched: index.variantText[bm?.variant ?? bestVariant],
    });
  }
  return results.sort((a, b) => b.score - a.score).slice(0, k);
}

/** Embedding hook: any `(texts) => vectors` function (a local model, a provider API). */
export type Embed = (texts: string[]) => Promise<number[][]>;

/** Computes and attaches variant vectors so `searchHybrid` (or `search` with `queryVector`) can blend them. */
export async function attachEmbeddings(index: KbIndex, embed: Embed): Promise<KbIndex> {
  index.vectors = await embed(index.variantText);
  return index;
}

/** Hybrid search: lexical + learned scores blended with embedding similarity when `embed` is given. */
export async function searchHybrid(index: KbIndex, query: string, k = 5, opts: SearchOptions & { embed?: Embed } = {}): Promise<Candidate[]> {
  if (!opts.embed || !index.vectors) return search(index, query, k, opts);
  const [queryVector] = await opts.embed([query]);
  return search(index, query, k, { ...opts, queryVector });
}
