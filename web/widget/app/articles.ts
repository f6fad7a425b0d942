/** The inbox's help articles (`/widget/v1/articles/search`): absent (404) when the inbox has no knowledge base. */
import type { Article } from './types.ts';

/** Up to five matches; 'unavailable' when the endpoint is gone (404), [] on any other failure. */
export async function searchArticles(
  token: string | null,
  q: string,
): Promise<Article[] | 'unavailable'> {
  try {
    const res = await fetch(
      `/widget/v1/articles/search?${new URLSearchParams({ q: q.trim() })}`,
      token ? { headers: { authorization: `Bearer ${token}` } } : undefined,
    );
    if (res.status === 404) return 'unavailable';
    if (!res.ok) return [];
    const data = (await res.json()) as { results?: Article[] };
    return Array.isArray(data.results) ? data.results.slice(0, 5) : [];
  } catch {
    return [];
  }
}
