/** Small text helpers for snippets and highlights (pure). */

/** Plain-text snippet of Markdown: markup stripped, whitespace folded, cut at `max` characters. */
export function snippetOf(markdown: string, max = 160): string {
  const plain = markdown
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, ' ')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[#>*_`~|-]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return plain.length > max ? `${plain.slice(0, max - 1)}…` : plain;
}

/** Query terms worth highlighting: words (latin) and CJK runs split into bigrams. */
export function queryTerms(q: string): string[] {
  const out = new Set<string>();
  for (const w of q.toLowerCase().match(/[a-z0-9]{2,}|[\u3400-\u9fff]+/g) ?? []) {
    if (/[\u3400-\u9fff]/.test(w) && w.length > 2)
      for (let i = 0; i + 2 <= w.length; i++) out.add(w.slice(i, i + 2));
    else out.add(w);
  }
  return [...out].slice(0, 20);
}

/** Ranges [start, end) of query terms in a text, merged. */
export function highlight(text: string, q: string): Array<[number, number]> {
  const lower = text.toLowerCase();
  const ranges: Array<[number, number]> = [];
  for (const t of queryTerms(q)) {
    for (let i = lower.indexOf(t); i >= 0; i = lower.indexOf(t, i + t.length))
      ranges.push([i, i + t.length]);
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}
