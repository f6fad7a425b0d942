/**
 * Which text of a canned response a customer gets (pure). A response has one text per language;
 * the customer's language is what they write in (the AI feature's detection of the conversation),
 * else what their browser or channel said (the contact's `locale`), else the account's language.
 * A language the response has no text for falls back to the account language's text, else to any.
 */
import { LOCALES, type Locale, normalizeLocale } from '../../../../shared/i18n.ts';

export type CannedTexts = Partial<Record<Locale, string>>;

/** Stored JSON → the non-empty texts of supported languages. */
export function parseTexts(json: string | null | undefined): CannedTexts {
  let raw: unknown;
  try {
    raw = JSON.parse(json || '{}');
  } catch {
    return {};
  }
  return cleanTexts(raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {});
}

/** Only supported languages with a non-blank text, in LOCALES order. */
export function cleanTexts(texts: Record<string, unknown>): CannedTexts {
  const out: CannedTexts = {};
  for (const l of LOCALES) {
    const t = texts[l];
    if (typeof t === 'string' && t.trim()) out[l] = t;
  }
  return out;
}

export interface PickedText {
  text: string;
  /** The language of `text`. */
  language: Locale;
  /** True when the response has no text in the wanted language. */
  fallback: boolean;
}

export function pickText(
  texts: CannedTexts,
  wanted: Locale,
  accountLocale: string | null | undefined,
): PickedText | null {
  const account = normalizeLocale(accountLocale) ?? 'zh-CN';
  for (const l of [wanted, account, ...LOCALES]) {
    const text = texts[l];
    if (text) return { text, language: l, fallback: l !== wanted };
  }
  return null;
}

/** What the core's `content` column keeps: the account language's text, else the first. */
export const defaultContent = (texts: CannedTexts, accountLocale: string | null | undefined) =>
  pickText(texts, normalizeLocale(accountLocale) ?? 'zh-CN', accountLocale)?.text ?? '';
