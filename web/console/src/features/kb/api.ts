/** Types and calls of the KB API used by the console pages. */
import { api, apiUpload } from '../../lib/index.ts';

export interface Article {
  id: string;
  translationGroupId: string;
  locale: string;
  title: string;
  answer: string;
  body: string;
  similarQuestions: string[];
  keywords: string[];
  tags: string[];
  categoryId: string | null;
  reviewBy: string | null;
  status: 'draft' | 'published' | 'archived';
  version: number;
  updatedAt: string;
  helpfulCount: number;
  unhelpfulCount: number;
  translations?: Array<{ id: string; locale: string; status: string }>;
}
export interface Category {
  id: string;
  parentId: string | null;
  names: Record<string, string>;
}
export interface Version {
  version: number;
  action: string;
  authorName: string | null;
  createdAt: string;
}
export interface Gap {
  id: string;
  label: string;
  status: string;
  articleId: string | null;
  volume: number;
  last7: number;
  previous7: number;
  trend: number;
}
export interface Effect {
  questions: number;
  answered: number;
  answerRate: number | null;
  rated: number;
  helpful: number;
  helpfulness: number | null;
}
export interface GapDetail {
  id: string;
  label: string;
  status: string;
  articleId: string | null;
  volume: number;
  examples: Array<{ question: string; outcome: string; at: string }>;
  agentReplies: Array<{
    text: string;
    agentName: string | null;
    rating: number | null;
    at: string;
  }>;
  effect: { before: Effect; after: Effect; since: string } | null;
}

export const kbApi = {
  list: (params: URLSearchParams) =>
    api<{ articles: Article[] }>('GET', `/api/v1/kb/articles?${params}`),
  search: (q: string) =>
    api<{
      results: Array<{
        id: string;
        title: string;
        locale: string;
        snippet: string;
        matched: string;
        highlights: { title: Array<[number, number]> };
      }>;
    }>('GET', `/api/v1/kb/search?q=${encodeURIComponent(q)}`),
  get: (id: string) => api<Article>('GET', `/api/v1/kb/articles/${id}`),
  create: (body: unknown) => api<Article>('POST', '/api/v1/kb/articles', body),
  update: (id: string, body: unknown) => api<Article>('PATCH', `/api/v1/kb/articles/${id}`, body),
  status: (id: string, action: 'publish' | 'archive' | 'unpublish') =>
    api<Article>('POST', `/api/v1/kb/articles/${id}/${action}`),
  remove: (id: string) => api('DELETE', `/api/v1/kb/articles/${id}`),
  translate: (id: string, body: unknown) =>
    api<Article>('POST', `/api/v1/kb/articles/${id}/translations`, body),
  versions: (id: string) =>
    api<{ versions: Version[] }>('GET', `/api/v1/kb/articles/${id}/versions`),
  version: (id: string, v: number) =>
    api<{ diffText: string; diff: Array<{ op: string; text: string }> }>(
      'GET',
      `/api/v1/kb/articles/${id}/versions/${v}`,
    ),
  restore: (id: string, v: number) =>
    api<Article>('POST', `/api/v1/kb/articles/${id}/versions/${v}/restore`),
  categories: () => api<{ categories: Category[] }>('GET', '/api/v1/kb/categories'),
  /** Multipart upload (up to the 5 MB import limit; a JSON body is capped by the server's body limit). */
  importFile: (format: string, file: File, publish: boolean) =>
    apiUpload<{ created: number; updated: number }>(
      `/api/v1/kb/import?format=${format}&status=${publish ? 'published' : 'draft'}`,
      file,
    ),
  gaps: () => api<{ gaps: Gap[] }>('GET', '/api/v1/kb/gaps'),
  gap: (id: string) => api<GapDetail>('GET', `/api/v1/kb/gaps/${id}`),
  draftFromGap: (id: string) => api<{ article: Article }>('POST', `/api/v1/kb/gaps/${id}/draft`),
  dismissGap: (id: string) => api('POST', `/api/v1/kb/gaps/${id}/status`, { status: 'dismissed' }),
};

export const lines = (s: string) =>
  s
    .split('\n')
    .map((x) => x.trim())
    .filter(Boolean);
export const commas = (s: string) =>
  s
    .split(/[,，]/)
    .map((x) => x.trim())
    .filter(Boolean);
