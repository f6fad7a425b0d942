/** How the routing pages name things for a person: customers, codes (reasons, channels, intents), durations. */
import type { t as T } from '../../lib/index.ts';

type Translate = typeof T;

/** The customer's name, or "Visitor #12" for an anonymous one. */
export function customerName(t: Translate, c: { contactName: string | null; displayId: number }) {
  return c.contactName?.trim() || t('routing.visitor', { n: c.displayId });
}

/** A code's translation (`<prefix>.<code>`), or the code made readable when the catalogue has none. */
export function codeLabel(t: Translate, prefix: string, code: string): string {
  const key = `${prefix}.${code}`;
  const text = t(key);
  if (text !== key) return text;
  const words = code.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** "45 s", "3 min", "1 h 5 min" in the reader's language. */
export function formatWaited(t: Translate, seconds: number): string {
  if (seconds < 60) return t('routing.waited.seconds', { n: seconds });
  const min = Math.floor(seconds / 60);
  if (min < 60) return t('routing.waited.minutes', { n: min });
  return t('routing.waited.hours', { h: Math.floor(min / 60), m: min % 60 });
}
