/** Readable line diff between two texts (LCS over lines; pure). */
export interface DiffLine {
  op: ' ' | '+' | '-';
  text: string;
}

const MAX_CELLS = 4_000_000;

export function lineDiff(before: string, after: string): DiffLine[] {
  const a = before.split('\n');
  const b = after.split('\n');
  if (a.length * b.length > MAX_CELLS) {
    return [
      ...a.map((text) => ({ op: '-' as const, text })),
      ...b.map((text) => ({ op: '+' as const, text })),
    ];
  }
  const n = a.length,
    m = b.length;
  const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--)
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  }
  const out: DiffLine[] = [];
  let i = 0,
    j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.push({ op: ' ', text: a[i] });
      i++;
      j++;
    } else if (lcs[i + 1][j] >= lcs[i][j + 1]) out.push({ op: '-', text: a[i++] });
    else out.push({ op: '+', text: b[j++] });
  }
  while (i < n) out.push({ op: '-', text: a[i++] });
  while (j < m) out.push({ op: '+', text: b[j++] });
  return out;
}

/** Unified-style text: only changed lines plus one line of context around them. */
export function formatDiff(lines: DiffLine[], context = 1): string {
  const keep = lines.map(
    (l, i) =>
      l.op !== ' ' ||
      lines.slice(Math.max(0, i - context), i + context + 1).some((x) => x.op !== ' '),
  );
  const out: string[] = [];
  lines.forEach((l, i) => {
    if (keep[i]) out.push(`${l.op} ${l.text}`);
    else if (i === 0 || keep[i - 1]) out.push('…');
  });
  return out.join('\n');
}
