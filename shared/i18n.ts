/**
 * The one i18n system of every client (console, widget, help center) and the server's own pages.
 *
 * A catalogue is `{ 'zh-CN': {...}, en: {...} }` of flat keys (features prefix theirs, e.g. `jobs.`)
 * whose values are plain strings with `{name}` placeholders. Plurals follow the i18next convention:
 * `t('stars', { count: 1 })` reads `stars_one` when the locale has it, else `stars` (Chinese needs
 * no plural forms, English has `_one` beside the plain key for the rest). `catalogueProblems` is what
 * the suite checks every catalogue with (shared/i18n.test.ts): same keys and placeholders in both
 * languages, nothing empty, no internal code where a person reads text.
 * Isomorphic and dependency-free (the clients import it at run time).
 */
export type Locale = 'zh-CN' | 'en';
export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];

export type Messages = Readonly<Record<string, string>>;
export interface Catalogue {
  'zh-CN': Messages;
  en: Messages;
}
export type Vars = Readonly<Record<string, string | number>>;

/** A catalogue whose English side must have every Chinese key (checked by the compiler). */
export function defineCatalogue<const Z extends Record<string, string>>(c: {
  'zh-CN': Z;
  en: { [K in keyof Z]: string } & Record<string, string>;
}): Catalogue {
  return c;
}

/** Merges catalogues (later keys win). */
export function mergeCatalogues(...cs: Catalogue[]): Catalogue {
  return {
    'zh-CN': Object.assign({}, ...cs.map((c) => c['zh-CN'])),
    en: Object.assign({}, ...cs.map((c) => c.en)),
  };
}

/** `zh`, `zh-TW`, `zh_CN` → zh-CN; `en-GB` → en; anything else → null. */
export function normalizeLocale(l: string | null | undefined): Locale | null {
  if (!l) return null;
  if (/^zh\b/i.test(l) || /^zh[-_]/i.test(l)) return 'zh-CN';
  if (/^en\b/i.test(l) || /^en[-_]/i.test(l)) return 'en';
  return null;
}

/** The first candidate that names a supported language, else `fallback`. */
export function pickLocale(
  fallback: Locale,
  ...candidates: Array<string | null | undefined>
): Locale {
  for (const c of candidates) {
    const l = normalizeLocale(c);
    if (l) return l;
  }
  return fallback;
}

/** Replaces `{name}` placeholders from `vars`; unknown placeholders stay as written. */
export function format(template: string, vars?: Vars): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

/** The text of `key` in `locale` (then English, then the key itself), with plural choice and placeholders. */
export function translate(cat: Catalogue, locale: Locale, key: string, vars?: Vars): string {
  const one = vars?.count === 1 ? `${key}_one` : null;
  const s =
    (one && cat[locale][one]) ?? cat[locale][key] ?? (one && cat.en[one]) ?? cat.en[key] ?? key;
  return format(s, vars);
}

export type Translate = (key: string, vars?: Vars) => string;

/** `t` bound to one catalogue and locale. */
export function translator(cat: Catalogue, locale: Locale): Translate {
  return (key, vars) => translate(cat, locale, key, vars);
}

const placeholders = (s: string) =>
  [...s.matchAll(/\{(\w+)\}/g)]
    .map((m) => m[1])
    .sort()
    .join(',');
/** Looks like a key or a machine code (`jobs.title`, `agent_at_capacity`), not like text for a person. */
const CODE_LIKE = /^[a-z][a-z0-9]*([._][a-z0-9]+)+$/;
const pluralBase = (k: string) => k.replace(/_one$/, '');

/** What is wrong with a catalogue, one line per problem (empty when it is sound). */
export function catalogueProblems(cat: Catalogue, name = 'catalogue'): string[] {
  const out: string[] = [];
  const zh = cat['zh-CN'];
  const en = cat.en;
  for (const k of Object.keys(zh))
    if (!(k in en) && !(k.endsWith('_one') && pluralBase(k) in en))
      out.push(`${name}: "${k}" has no English text`);
  for (const k of Object.keys(en))
    if (!(k in zh) && !(k.endsWith('_one') && pluralBase(k) in zh))
      out.push(`${name}: "${k}" has no Chinese text`);
  for (const [locale, dict] of [
    ['zh-CN', zh],
    ['en', en],
  ] as const)
    for (const [k, v] of Object.entries(dict)) {
      if (typeof v !== 'string' || v.trim() === '') out.push(`${name}: ${locale} "${k}" is empty`);
      else if (v === k || CODE_LIKE.test(v.trim()))
        out.push(`${name}: ${locale} "${k}" reads like an internal code: "${v}"`);
    }
  for (const k of Object.keys(zh)) {
    const e = en[k] ?? en[pluralBase(k)];
    if (e === undefined) continue;
    if (placeholders(zh[k]) !== placeholders(e))
      out.push(
        `${name}: "${k}" placeholders differ: zh {${placeholders(zh[k])}} en {${placeholders(e)}}`,
      );
  }
  for (const k of Object.keys(en))
    if (k.endsWith('_one') && placeholders(en[k]) !== placeholders(en[pluralBase(k)] ?? en[k]))
      out.push(`${name}: "${k}" placeholders differ from "${pluralBase(k)}"`);
  return out;
}
