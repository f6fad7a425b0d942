import { normalizeText } from '../text/normalize.ts';
import { tokenizeNormalized } from '../text/tokenize.ts';
import type { SynonymMap } from './synonyms.ts';

const STOP = new Set([
  'the',
  'a',
  'an',
  'is',
  'are',
  'was',
  'be',
  'to',
  'of',
  'and',
  'or',
  'in',
  'on',
  'at',
  'for',
  'it',
  'i',
  'me',
  'my',
  'you',
  'your',
  'do',
  'doe',
  'did',
  'can',
  'could',
  'would',
  'will',
  'this',
  'that',
  'with',
  'from',
  'have',
  'ha',
  'am',
  'please',
  'there',
  'what',
  'how',
  'we',
  'us',
  'our',
  'so',
  'just',
  'get',
  'been',
  'if',
  'by',
  'as',
  'about',
  '的',
  '了',
  '吗',
  '呢',
  '吧',
  '啊',
  '我',
  '你',
  '是',
  '在',
  '有',
  '和',
  '就',
  '都',
  '也',
  '请问',
  '请',
  '一下',
  '这个',
  '那个',
  '怎么',
  '什么',
  '么',
]);

const CJK = /[\u3400-\u9fff]/;

/** Retrieval terms: normalized, segmented, stemmed, stop-words dropped, synonyms folded; CJK char bigrams added. */
export function termsOf(text: string, synonyms: SynonymMap): string[] {
  const norm = normalizeText(text);
  const out: string[] = [];
  for (const tok of tokenizeNormalized(norm, { stem: true })) {
    if (STOP.has(tok)) continue;
    out.push(synonyms.get(tok) ?? tok);
    if (CJK.test(tok) && tok.length > 2)
      for (let i = 0; i + 2 <= tok.length; i++) out.push(`#${tok.slice(i, i + 2)}`);
  }
  return out;
}
