/**
 * Page context (the help-center article or product page the chat was opened from): the same rules
 * as the server (server/channels/web-widget/context.ts): 1–10 keys of letters, digits and _, values
 * strings ≤ 500 characters or finite numbers.
 */
export type PageContext = Record<string, string | number>;

export function cleanContext(c: unknown): PageContext | null {
  if (!c || typeof c !== 'object' || Array.isArray(c)) return null;
  const keys = Object.keys(c);
  if (!keys.length || keys.length > 10) return null;
  const out: PageContext = {};
  for (const k of keys) {
    const v = (c as Record<string, unknown>)[k];
    if (!/^[A-Za-z][A-Za-z0-9_]{0,39}$/.test(k)) return null;
    if (typeof v === 'string' ? v.length > 500 : !(typeof v === 'number' && Number.isFinite(v)))
      return null;
    out[k] = v as string | number;
  }
  return out;
}

/** What the chip shows: the title, else a name, else the URL's path, else the first value. */
export function contextLabel(c: PageContext): string {
  for (const k of ['title', 'name', 'productName'])
    if (typeof c[k] === 'string' && (c[k] as string).trim()) return (c[k] as string).trim();
  if (typeof c.url === 'string') {
    try {
      return new URL(c.url).pathname;
    } catch {
      /* not a URL */
    }
  }
  return String(Object.values(c)[0]);
}

/** Stable comparison key (key order does not matter). */
export const contextKey = (c: PageContext) =>
  JSON.stringify(
    Object.keys(c)
      .sort()
      .map((k) => [k, c[k]]),
  );

/** A page view the loader reported, as `POST /widget/v1/page-view` takes it; null when it is not one of the host page's own. */
export function pageView(
  v: { url?: unknown; title?: unknown; secondsOnPage?: unknown },
  pageOrigin: string | null,
): { url: string; title?: string; secondsOnPage: number } | null {
  const url = typeof v.url === 'string' ? v.url : '';
  const seconds = Math.round(Number(v.secondsOnPage));
  if (!pageOrigin || url.length > 2000 || !(seconds >= 0 && seconds <= 86_400)) return null;
  try {
    if (new URL(url).origin !== pageOrigin) return null;
  } catch {
    return null;
  }
  const title = typeof v.title === 'string' ? v.title.trim().slice(0, 300) : '';
  return { url, ...(title ? { title } : {}), secondsOnPage: seconds };
}
