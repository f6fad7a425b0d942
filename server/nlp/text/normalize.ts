import { tradSimpTable } from './trad-simp-table.ts';

/** Full-width ASCII (U+FF01–FF5E) → half-width; ideographic space → space. */
export function toHalfWidth(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xff01 && c <= 0xff5e) out += String.fromCharCode(c - 0xfee0);
    else if (c === 0x3000) out += ' ';
    else out += text[i];
  }
  return out;
}

/** Folds common traditional characters to simplified ones (compact built-in table). */
export function toSimplified(text: string): string {
  const table = tradSimpTable();
  let out = '';
  for (const ch of text) {
    const mapped = table.get(ch.codePointAt(0)!);
    out += mapped === undefined ? ch : String.fromCodePoint(mapped);
  }
  return out;
}

/**
 * Normalization for matching and features: half-width, lower case, traditional → simplified,
 * zero-width/BOM removed, whitespace collapsed. Length may change; never use offsets from it.
 */
export function normalizeText(text: string): string {
  const cleaned = text.replace(/[\u200b-\u200f\ufeff\u00ad]/g, '');
  return toSimplified(toHalfWidth(cleaned).toLowerCase()).replace(/\s+/g, ' ').trim();
}
