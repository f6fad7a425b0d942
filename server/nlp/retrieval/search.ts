import type { Candidate, KbIndex } from './index.ts';
import { poolWithFeatures } from './features.ts';
import { probabilities } from './ranker.ts';

export interface SearchOptions {
  /** Entries taken from each BM25 list (variants, whole entries) into the candidate pool. */
  rerankDepth?: number;
  /** Only entries with this locale (or none) are returned. */
  locale?: string;
  /** Query embedding for hybrid scoring when the index has vectors. */
  queryVector?: number[];
  /** Weight of the embedding cosine in the combined score (0–1). */
  embedWeight?: number;
  /** @deprecated the learned matcher is one of the ranker's features now; ignored. */
  matcherWeight?: number;
}

function cos(a: number[], b: number[]): number {
  let s = 0,
    na = 0,
    nb = 0;
  for (let i = 0; i < a.length; i++) {
    s += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na && nb ? s / Math.sqrt(na * nb) : 0;
}

/** Best embedding cosine per entry over its variants. */
function embeddingByEntry(index: KbIndex, queryVector: number[]): Float64Array {
  const best = new Float64Array(index.entries.length).fill(-1);
  index.vectors!.forEach((v, i) => {
    const e = index.variantEntry[i];
    const c = cos(queryVector, v);
    if (c > best[e]) best[e] = c;
  });
  return best;
}

/** Logit bonus per unit of embedding cosine at embedWeight 1 (the ranker's logits span ≈ 0–10). */
const EMBED_LOGIT_SCALE = 10;

/**
 * Top-k KB entries for a query. Candidates come from BM25 over single questions and over whole
 * entries (plus the learned matcher's top entries); each is described by lexical, character n-gram
 * (best, top-3 mean, centroid of all its questions), coverage and matcher features, and the index's
 * ranker turns them into calibrated probabilities (`score`), with "none of these" as an option.
 */
export function search(
  index: KbIndex,
  query: string,
  k = 5,
  opts: SearchOptions = {},
): Candidate[] {
  const hybrid =
    opts.queryVector && index.vectors ? embeddingByEntry(index, opts.queryVector) : null;
  const extra = hybrid ? [...hybrid.keys()].sort((a, b) => hybrid[b] - hybrid[a]).slice(0, 5) : [];
  const pool = poolWithFeatures(index, query, {
    depth: opts.rerankDepth,
    locale: opts.locale,
    extra,
  });
  if (pool.length === 0) return [];
  const we = hybrid ? (opts.embedWeight ?? 0.5) : 0;
  const bonus = hybrid
    ? pool.map((c) => we * EMBED_LOGIT_SCALE * Math.max(0, hybrid[c.entry]))
    : undefined;
  const { p } = probabilities(
    index.ranker,
    pool.map((c) => c.f),
    bonus,
  );
  const order = pool
    .map((_, i) => i)
    .sort((a, b) => p[b] - p[a])
    .slice(0, k);
  return order.map((i) => {
    const c = pool[i];
    const entry = index.entries[c.entry];
    return {
      id: entry.id,
      score: p[i],
      bm25: c.bm25,
      similarity: c.similarity,
      question: entry.question ?? entry.title ?? '',
      answer: entry.answer,
      matched: index.variantText[c.variant],
    };
  });
}

/** Embedding hook: any `(texts) => vectors` function (a local model, a provider API). */
export type Embed = (texts: string[]) => Promise<number[][]>;

/** Computes and attaches variant vectors so `searchHybrid` (or `search` with `queryVector`) can blend them. */
export async function attachEmbeddings(index: KbIndex, embed: Embed): Promise<KbIndex> {
  index.vectors = await embed(index.variantText);
  return index;
}

/** Hybrid search: lexical + learned scores blended with embedding similarity when `embed` is given. */
export async function searchHybrid(
  index: KbIndex,
  query: string,
  k = 5,
  opts: SearchOptions & { embed?: Embed } = {},
): Promise<Candidate[]> {
  if (!opts.embed || !index.vectors) return search(index, query, k, opts);
  const [queryVector] = await opts.embed([query]);
  return search(index, query, k, { ...opts, queryVector });
}
