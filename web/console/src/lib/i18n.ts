/** i18n: zh-CN and en dictionaries, extendable by features; the locale is chosen from the browser. */
import { useSyncExternalStore } from 'react';
import { coreMessages } from './messages.ts';

export type Locale = 'zh-CN' | 'en';
export const LOCALES: Locale[] = ['zh-CN', 'en'];
type Dict = Record<string, string>;

const dicts: Record<Locale, Dict> = {
  'zh-CN': { ...coreMessages['zh-CN'] },
  en: { ...coreMessages.en },
};
const listeners = new Set<() => void>();
let locale: Locale = detectLocale();

export function detectLocale(): Locale {
  try {
    const saved = localStorage.getItem('kefu.locale');
    if (saved === 'zh-CN' || saved === 'en') return saved;
  } catch {
    /* storage blocked */
  }
  const langs =
    typeof navigator !== 'undefined' ? (navigator.languages ?? [navigator.language]) : [];
  for (const l of langs) {
    if (/^zh/i.test(l)) return 'zh-CN';
    if (/^en/i.test(l)) return 'en';
  }
  return 'en';
}

export const normalizeLocale = (l: string | null | undefined): Locale | null =>
  l ? (/^zh/i.test(l) ? 'zh-CN' : /^en/i.test(l) ? 'en' : null) : null;

/** Adds (or overrides) keys in both dictionaries. Features use their own prefix. */
export function addMessages(m: { 'zh-CN': Dict; en: Dict }): void {
  Object.assign(dicts['zh-CN'], m['zh-CN']);
  Object.assign(dicts.en, m.en);
  listeners.forEach((l) => l());
}

export function getLocale(): Locale {
  return locale;
}
export function setLocale(l: Locale): void {
  if (l === locale) return;
  locale = l;
  try {
    localStorage.setItem('kefu.locale', l);
  } catch {
    /* ignore */
  }
  document.documentElement.lang = l;
  listeners.forEach((fn) => fn());
}

/** Translates a key; `{name}` placeholders are replaced from vars. Missing keys fall back to en, then the key. */
export function t(key: string, vars?: Record<string, string | number>): string {
  const s = dicts[locale][key] ?? dicts.en[key] ?? key;
  return vars ? s.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m)) : s;
}

let version = 0;
listeners.add(() => {
  version++;
});
const subscribe = (fn: () => void) => {
  listeners.add(fn);
  return () => {
    listeners.delete(fn);
  };
};

/** Re-renders the component when the locale or dictionaries change; returns t. */
export function useT(): typeof t {
  useSyncExternalStore(subscribe, () => version);
  return t;
}
export function useLocale(): Locale {
  return useSyncExternalStore(subscribe, () => locale);
}
