export type Language = 'zh' | 'en' | 'other';

export interface LanguageGuess {
  language: Language;
  /** Share of letters that are CJK ideographs (0–1). */
  zhRatio: number;
  /** Share of letters that are Latin (0–1). */
  latinRatio: number;
  mixed: boolean;
}

function isCjk(c: number): boolean {
  return (
    (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff)
  );
}
function isLatin(c: number): boolean {
  return (
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0x61 && c <= 0x7a) ||
    (c >= 0xff21 && c <= 0xff3a) ||
    (c >= 0xff41 && c <= 0xff5a)
  );
}
function isOtherLetter(ch: string): boolean {
  return /\p{L}/u.test(ch);
}

/**
 * Script-based language detection. Chinese characters carry ~3 Latin letters' worth of content,
 * so CJK counts are weighted; kana/hangul and other scripts count as "other".
 */
export function detectLanguage(text: string): LanguageGuess {
  let zh = 0,
    latin = 0,
    other = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (isCjk(c)) zh++;
    else if (isLatin(c)) latin++;
    else if (c > 0x7f && isOtherLetter(ch)) other++;
  }
  const total = zh + latin + other;
  if (total === 0) return { language: 'other', zhRatio: 0, latinRatio: 0, mixed: false };
  const zhWeighted = zh * 3;
  const weightedTotal = zhWeighted + latin + other;
  const language: Language =
    other > zhWeighted && other > latin
      ? 'other'
      : zhWeighted >= latin
        ? zh > 0
          ? 'zh'
          : 'other'
        : 'en';
  const mixed = zh > 0 && latin >= 2 && Math.min(zhWeighted, latin) / weightedTotal > 0.15;
  return { language, zhRatio: zh / total, latinRatio: latin / total, mixed };
}
