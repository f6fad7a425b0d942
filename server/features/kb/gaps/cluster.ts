/**
 * Topic clustering of customer questions (pure): each question becomes a sparse vector of retrieval
 * terms (normalized words, CJK bigrams, synonyms folded — the bot's own `termsOf`) plus character
 * trigrams; a question joins the most similar topic centroid above a threshold, or starts a new topic
 * (incremental "leader" clustering, one pass, no re-fit).
 */
import { buildSynonymMap } from '../../../nlp/retrieval/synonyms.ts';
import { termsOf } from '../../../nlp/retrieval/terms.ts';
import { normalizeText } from '../../../nlp/index.ts';

export type Vector = Record<string, number>;
export const JOIN_THRESHOLD = 0.2;
const MAX_CENTROID_TERMS = 300;
const synonyms = buildSynonymMap();

/** Folds English inflections the retrieval stemmer leaves (shipp → ship, internationally → international). */
function fold(term: string): string {
  if (!/^[a-z]+$/.test(term)) return term;
  let t = term.replace(/(ally)$/, 'al').replace(/(ing|ed|ly|es|s)$/, '');
  if (t.length < 3) t = term;
  return /([b-df-hj-np-tv-z])\1$/.test(t) ? t.slice(0, -1) : t;
}

/** Words that say little about the topic in customer-service questions. */
const GENERIC = new Set([
  'order',
  'offer',
  'possible',
  'available',
  'want',
  'need',
  'help',
  'question',
  'hi',
  'hello',
  'thank',
  '可以',
  '想',
  '问',
  '一个',
  '订单',
  '上',
  '下',
]);

export function vectorize(text: string): Vector {
  const v: Vector = {};
  for (const raw of termsOf(text, synonyms)) {
    const t = fold(raw);
    if (GENERIC.has(t)) continue;
    v[`w:${t}`] = (v[`w:${t}`] ?? 0) + 1;
  }
  for (const word of normalizeText(text).split(/[\s\p{P}]+/u)) {
    for (let i = 0; i + 3 <= word.length; i++)
      v[`c:${word.slice(i, i + 3)}`] = (v[`c:${word.slice(i, i + 3)}`] ?? 0) + 0.3;
  }
  for (const k of Object.keys(v)) v[k] = v[k] < 1 ? v[k] : 1 + Math.log(v[k]);
  return unit(v);
}

export function unit(v: Vector): Vector {
  let n = 0;
  for (const x of Object.values(v)) n += x * x;
  if (!n) return {};
  const s = 1 / Math.sqrt(n);
  const out: Vector = {};
  for (const [k, x] of Object.entries(v)) out[k] = x * s;
  return out;
}

export function cosine(a: Vector, b: Vector): number {
  let dot = 0,
    na = 0,
    nb = 0;
  const [small, big] = Object.keys(a).length < Object.keys(b).length ? [a, b] : [b, a];
  for (const [k, x] of Object.entries(small)) if (big[k] !== undefined) dot += x * big[k];
  for (const x of Object.values(a)) na += x * x;
  for (const x of Object.values(b)) nb += x * x;
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

/** Adds a member to a centroid (sum of unit vectors), keeping the strongest terms. */
export function addToCentroid(centroid: Vector, v: Vector): Vector {
  const out: Vector = { ...centroid };
  for (const [k, x] of Object.entries(v)) out[k] = (out[k] ?? 0) + x;
  const keys = Object.keys(out);
  if (keys.length <= MAX_CENTROID_TERMS) return out;
  return Object.fromEntries(
    keys
      .sort((a, b) => out[b] - out[a])
      .slice(0, MAX_CENTROID_TERMS)
      .map((k) => [k, out[k]]),
  );
}

export interface TopicRef {
  id: string;
  centroid: Vector;
}

/** The best topic for a vector, or null when none reaches the threshold. */
export function nearestTopic(
  v: Vector,
  topics: TopicRef[],
  threshold = JOIN_THRESHOLD,
): { id: string; similarity: number } | null {
  let best: { id: string; similarity: number } | null = null;
  for (const t of topics) {
    const s = cosine(v, t.centroid);
    if (s >= threshold && (!best || s > best.similarity)) best = { id: t.id, similarity: s };
  }
  return best;
}

/** Clusters a list of questions from scratch (used by tests and re-clustering); returns topic index per question. */
export function clusterAll(questions: string[], threshold = JOIN_THRESHOLD): number[] {
  const topics: TopicRef[] = [];
  return questions.map((q) => {
    const v = vectorize(q);
    const hit = nearestTopic(v, topics, threshold);
    if (hit) {
      const t = topics[Number(hit.id)];
      t.centroid = addToCentroid(t.centroid, v);
      return Number(hit.id);
    }
    topics.push({ id: String(topics.length), centroid: v });
    return topics.length - 1;
  });
}
