import { createRequire } from 'node:module';
import { normalizeText } from './normalize.ts';

interface JiebaLike {
  cut(sentence: string, hmm?: boolean | null): string[];
}

let jieba: JiebaLike | null = null;

/** The shared jieba instance, created on first use (~150 ms dictionary load). */
export function getJieba(): JiebaLike {
  if (jieba) return jieba;
  const require = createRequire(import.meta.url);
  const { Jieba } = require('@node-rs/jieba') as { Jieba: { withDict(d: Uint8Array): JiebaLike } };
  const { dict } = require('@node-rs/jieba/dict') as { dict: Uint8Array };
  jieba = Jieba.withDict(dict);
  return jieba;
}

const CJK_RUN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/;
const WORD = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[a-z0-9]+(?:['’][a-z]+)?|[\p{L}\p{N}]+/gu;

/** Light English suffix stripping so refund/refunds/refunded match. */
export function stemEn(word: string): string {
  if (word.length <= 3 || !/^[a-z]+$/.test(word)) return word;
  if (word.endsWith("n't")) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (word.endsWith('ing') && word.length > 5) return word.slice(0, -3);
  if (word.endsWith('ed') && word.length > 4) return word.slice(0, -2);
  if (word.endsWith('es') && /(ss|x|ch|sh)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us')) return word.slice(0, -1);
  return word;
}

/**
 * Word tokens of already-normalized text: jieba for Chinese runs, letter/digit words otherwise.
 * Punctuation and spaces are dropped.
 */
export function tokenizeNormalized(norm: string, opts: { stem?: boolean } = {}): string[] {
  const out: string[] = [];
  for (const m of norm.matchAll(WORD)) {
    const piece = m[0];
    if (CJK_RUN.test(piece) && piece.length > 1) {
      for (const w of getJieba().cut(piece, true)) out.push(w);
    } else {
      out.push(opts.stem ? stemEn(piece) : piece);
    }
  }
  return out;
}

/** Normalizes then tokenizes (Chinese via jieba, English words, mixed text). */
export function tokenize(text: string, opts: { stem?: boolean } = {}): string[] {
  return tokenizeNormalized(normalizeText(text), opts);
}
