/** Inverted index with BM25 scoring over short documents (one per question variant). */
export interface Bm25Index {
  termIds: Map<string, number>;
  postings: { docs: Int32Array; tfs: Float32Array }[];
  idf: Float32Array;
  docLen: Float32Array;
  avgLen: number;
  k1: number;
  b: number;
}

export function buildBm25(docs: string[][], k1 = 1.2, b = 0.75): Bm25Index {
  const termIds = new Map<string, number>();
  const lists: { docs: number[]; tfs: number[] }[] = [];
  const docLen = new Float32Array(docs.length);
  docs.forEach((terms, d) => {
    docLen[d] = terms.length;
    const tf = new Map<string, number>();
    for (const t of terms) tf.set(t, (tf.get(t) ?? 0) + 1);
    for (const [t, c] of tf) {
      let id = termIds.get(t);
      if (id === undefined) {
        id = lists.length;
        termIds.set(t, id);
        lists.push({ docs: [], tfs: [] });
      }
      lists[id].docs.push(d);
      lists[id].tfs.push(c);
    }
  });
  const n = docs.length;
  const idf = Float32Array.from(lists, (l) =>
    Math.log(1 + (n - l.docs.length + 0.5) / (l.docs.length + 0.5)),
  );
  const avgLen = n ? docLen.reduce((a, x) => a + x, 0) / n : 1;
  const postings = lists.map((l) => ({
    docs: Int32Array.from(l.docs),
    tfs: Float32Array.from(l.tfs),
  }));
  return { termIds, postings, idf, docLen, avgLen: avgLen || 1, k1, b };
}

/** Adds BM25 scores of `terms` into `acc` (length = number of docs); returns touched docs. */
export function scoreBm25(
  index: Bm25Index,
  terms: string[],
  acc: Float32Array,
  touched: number[],
): void {
  const { k1, b, avgLen, docLen } = index;
  for (const t of new Set(terms)) {
    const id = index.termIds.get(t);
    if (id === undefined) continue;
    const { docs, tfs } = index.postings[id];
    const idf = index.idf[id];
    for (let j = 0; j < docs.length; j++) {
      const d = docs[j];
      if (acc[d] === 0) touched.push(d);
      const tf = tfs[j];
      acc[d] += (idf * tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * docLen[d]) / avgLen));
    }
  }
}

/** Score the query would get against a document made of itself (normalizes BM25 to ~0–1). */
export function selfScore(index: Bm25Index, terms: string[]): number {
  const { k1, b, avgLen } = index;
  const tf = new Map<string, number>();
  for (const t of terms) tf.set(t, (tf.get(t) ?? 0) + 1);
  let s = 0;
  for (const [t, c] of tf) {
    const id = index.termIds.get(t);
    const idf = id === undefined ? Math.log(1 + (index.docLen.length + 0.5) / 0.5) : index.idf[id];
    s += (idf * c * (k1 + 1)) / (c + k1 * (1 - b + (b * terms.length) / avgLen));
  }
  return s;
}
