/** Pure helpers for the page context stored on a conversation (`customAttributes.context`, set by the widget). */
export type PageContext = Record<string, string | number>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function contextOf(customAttributes: unknown): PageContext | null {
  const c = (customAttributes as { context?: unknown } | null | undefined)?.context;
  if (!c || typeof c !== 'object' || Array.isArray(c)) return null;
  const out: PageContext = {};
  for (const [k, v] of Object.entries(c))
    if (typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v))) out[k] = v;
  return Object.keys(out).length ? out : null;
}

/** The knowledge-base article this context points to (console path), if its id looks like one. */
export const articlePath = (c: PageContext): string | null =>
  typeof c.articleId === 'string' && UUID.test(c.articleId) ? `/kb/articles/${c.articleId}` : null;

/** Only http(s) URLs become links. */
export function safeUrl(c: PageContext): string | null {
  if (typeof c.url !== 'string') return null;
  try {
    const u = new URL(c.url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
  } catch {
    return null;
  }
}

export const contextTitle = (c: PageContext): string =>
  String(
    (typeof c.title === 'string' && c.title.trim()) ||
      (typeof c.name === 'string' && c.name.trim()) ||
      c.url ||
      c.articleId ||
      Object.values(c)[0],
  );

/** Fields shown below the title (the ones not already used for it). */
export const extraFields = (c: PageContext): Array<[string, string]> =>
  Object.entries(c)
    .filter(([k]) => !['title', 'name', 'url', 'articleId'].includes(k))
    .map(([k, v]) => [k, String(v)]);
