/**
 * The console's i18n state on top of shared/i18n.ts: one catalogue (core strings plus what features
 * add), the current locale chosen from the browser, and React hooks that re-render on change.
 */
import { useSyncExternalStore } from 'react';
import {
  type Catalogue,
  LOCALES,
  type Locale,
  mergeCatalogues,
  normalizeLocale,
  pickLocale,
  translate,
  type Vars,
} from '../../../../shared/i18n.ts';
import { catalogue as core } from './core.strings.ts';

export { LOCALES, normalizeLocale, type Locale };

let catalogue: Catalogue = mergeCatalogues(core);
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
  return pickLocale('en', ...langs);
}

/** Adds (or overrides) keys in both languages. Features use their own prefix. */
export function addMessages(c: Catalogue): void {
  catalogue = mergeCatalogues(catalogue, c);
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
export function t(key: string, vars?: Vars): string {
  return translate(catalogue, locale, key, vars);
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
