/**
 * The help center's language when the URL names none (`?lang=`): the first of the browser's
 * languages (Accept-Language, by preference) that it has a UI for, zh-CN or en; pages then follow
 * it where articles in that language are published (pages.ts helpContext).
 */
import { type Locale, normalizeLocale } from '../../../../shared/i18n.ts';

export function acceptedLocale(header: string | string[] | undefined): Locale | undefined {
  const value = Array.isArray(header) ? header.join(',') : header;
  if (!value) return undefined;
  const ranked = value
    .slice(0, 500)
    .split(',')
    .map((part, i) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q), i };
    })
    .filter((r) => r.tag && r.q > 0 && !Number.isNaN(r.q))
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const r of ranked) {
    const l = normalizeLocale(r.tag);
    if (l) return l;
  }
  return undefined;
}
