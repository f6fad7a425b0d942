/** RFC 4180 CSV: quoted fields with commas, quotes ("") and newlines; CRLF or LF; BOM stripped. */
export function parseCsv(input: string): string[][] {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') { row.push(field); field = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field); rows.push(row); row = []; field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) { row.push(field); rows.push(row); }
  return rows.filter((r) => !(r.length === 1 && r[0] === ''));
}

export interface LabelledRow { text: string; label: string }

/**
 * Reads `text,label` rows from CSV with a header. Column names `text`/`label` are looked up
 * (aliases: sentence/utterance/review/text_a, category/intent/class); else the first two columns.
 */
export function parseLabelledCsv(input: string): LabelledRow[] {
  const [header, ...rows] = parseCsv(input);
  if (!header) return [];
  const names = header.map((h) => h.trim().toLowerCase());
  const find = (cands: string[], fallback: number) => {
    const i = names.findIndex((n) => cands.includes(n));
    return i >= 0 ? i : fallback;
  };
  const ti = find(['text', 'sentence', 'utterance', 'review', 'text_a', 'query', 'question'], 0);
  const li = find(['label', 'category', 'intent', 'class', 'emotion', 'sentiment'], ti === 0 ? 1 : 0);
  return rows
    .filter((r) => r.length > Math.max(ti, li))
    .map((r) => ({ text: r[ti], label: r[li].trim() }))
    .filter((r) => r.text.trim() !== '' && r.label !== '');
}

function quote(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

export function toCsv(rows: string[][]): string {
  return rows.map((r) => r.map(quote).join(',')).join('\n') + '\n';
}
