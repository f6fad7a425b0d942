/** Custom-attribute editor rows → PATCH body (`null` removes a key; numbers and booleans keep their type). Pure. */
export interface AttrRow {
  key: string;
  value: string;
}

export function parseValue(v: string): string | number | boolean {
  const s = v.trim();
  if (s === 'true') return true;
  if (s === 'false') return false;
  if (/^-?\d+(\.\d+)?$/.test(s) && s.length < 16) return Number(s);
  return v;
}

export function attributesPatch(
  before: Record<string, unknown>,
  rows: AttrRow[],
): Record<string, string | number | boolean | null> {
  const out: Record<string, string | number | boolean | null> = {};
  const kept = new Set<string>();
  for (const r of rows) {
    const key = r.key.trim();
    if (!key) continue;
    kept.add(key);
    out[key] = parseValue(r.value);
  }
  for (const k of Object.keys(before)) if (!kept.has(k)) out[k] = null;
  return out;
}
