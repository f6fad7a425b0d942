import { normalizeText } from '../text/normalize.ts';
import { tokenizeNormalized } from '../text/tokenize.ts';
import { combine, fnvStep, hashString, mix } from './hash.ts';

/** How text becomes hashed sparse features. Stored in every model header. */
export interface FeatureConfig {
  bits: number;
  /** Character n-gram range over normalized text (0 disables). */
  charMin: number;
  charMax: number;
  /** Word unigrams (jieba for Chinese) and word bigrams. */
  words: boolean;
  wordBigrams: boolean;
  stem: boolean;
}

export const DEFAULT_FEATURES: FeatureConfig = {
  bits: 20,
  charMin: 1,
  charMax: 4,
  words: true,
  wordBigrams: true,
  stem: true,
};

const SEED_CHAR = hashString('c:');
const SEED_WORD = hashString('w:');
const SEED_BIGRAM = hashString('b:');

function add(counts: Map<number, number>, h: number, mask: number): void {
  const k = mix(h) & mask;
  counts.set(k, (counts.get(k) ?? 0) + 1);
}

function charGrams(
  norm: string,
  cfg: FeatureConfig,
  counts: Map<number, number>,
  mask: number,
): void {
  if (cfg.charMax <= 0) return;
  const s = ` ${norm} `;
  for (let i = 0; i < s.length; i++) {
    let h = SEED_CHAR;
    for (let n = 1; n <= cfg.charMax && i + n <= s.length; n++) {
      h = fnvStep(h, s.charCodeAt(i + n - 1));
      if (n >= cfg.charMin && !(n === 1 && s.charCodeAt(i) === 32)) add(counts, h ^ n, mask);
    }
  }
}

function wordGrams(
  norm: string,
  cfg: FeatureConfig,
  counts: Map<number, number>,
  mask: number,
): void {
  if (!cfg.words) return;
  const words = tokenizeNormalized(norm, { stem: cfg.stem });
  let prev = hashString('<s>', SEED_WORD);
  for (const w of words) {
    const h = hashString(w, SEED_WORD);
    add(counts, h, mask);
    if (cfg.wordBigrams) add(counts, combine(prev, h) ^ SEED_BIGRAM, mask);
    prev = h;
  }
  if (cfg.wordBigrams && words.length > 0)
    add(counts, combine(prev, hashString('</s>', SEED_WORD)) ^ SEED_BIGRAM, mask);
}

/** Raw hashed feature counts of a text (bucket → count). */
export function featureCounts(text: string, cfg: FeatureConfig): Map<number, number> {
  const mask = (1 << cfg.bits) - 1;
  const norm = normalizeText(text);
  const counts = new Map<number, number>();
  charGrams(norm, cfg, counts, mask);
  wordGrams(norm, cfg, counts, mask);
  return counts;
}
