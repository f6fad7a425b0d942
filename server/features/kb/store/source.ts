/**
 * The knowledge base as the bot and search see it: published articles per inbox (KnowledgeSource),
 * a revision counter as version, and a cached retrieval index (server/ai buildIndex/search).
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../../core/db/types.ts';
import type { KnowledgeEntry, KnowledgeSource } from '../../../core/kit/contracts.ts';
import { buildIndex, search, type Candidate, type KbIndex } from '../../../nlp/index.ts';
import { parseList } from '../domain/model.ts';
import { accountBySlug } from '../help/data.ts';

export async function kbRevision(db: Kysely<DB>, accountId: string): Promise<number> {
  const r = await db
    .selectFrom('account_counters')
    .select('value')
    .where('account_id', '=', accountId)
    .where('name', '=', 'kb_revision')
    .executeTakeFirst();
  return r ? Number(r.value) : 0;
}

export function articlePath(slug: string, id: string): string {
  return `/help/${slug}/articles/${id}`;
}

export async function publishedEntries(
  db: Kysely<DB>,
  accountId: string,
  opts: { inboxId?: string; publicUrl?: string } = {},
): Promise<KnowledgeEntry[]> {
  const account = await db
    .selectFrom('accounts')
    .select('slug')
    .where('id', '=', accountId)
    .executeTakeFirst();
  if (!account) return [];
  // The help center may be off, or show another inbox's articles: only its articles get a URL.
  const help = await accountBySlug(db, account.slug);
  const inHelpCenter = (inboxIds: string | null) =>
    !!help && (inboxIds === null || (!!help.inboxId && parseList(inboxIds).includes(help.inboxId)));
  const rows = await db
    .selectFrom('kb_articles')
    .select([
      'id',
      'title',
      'similar_questions',
      'keywords',
      'answer',
      'body',
      'locale',
      'inbox_ids',
    ])
    .where('account_id', '=', accountId)
    .where('status', '=', 'published')
    .orderBy('id')
    .execute();
  return rows
    .filter(
      (r) => !opts.inboxId || r.inbox_ids === null || parseList(r.inbox_ids).includes(opts.inboxId),
    )
    .map((r) => ({
      id: r.id,
      title: r.title,
      similarQuestions: parseList(r.similar_questions),
      keywords: parseList(r.keywords),
      answer: r.answer || r.body.slice(0, 1000),
      locale: r.locale,
      ...(inHelpCenter(r.inbox_ids)
        ? { url: `${opts.publicUrl ?? ''}${articlePath(account.slug, r.id)}` }
        : {}),
    }));
}

export function createKnowledgeSource(
  getDb: () => Kysely<DB> | null,
  publicUrl?: () => string | undefined,
): KnowledgeSource {
  return {
    async entries(accountId, opts) {
      const db = getDb();
      return db
        ? publishedEntries(db, accountId, { inboxId: opts?.inboxId, publicUrl: publicUrl?.() })
        : [];
    },
    async version(accountId) {
      const db = getDb();
      return db ? `kb-r${await kbRevision(db, accountId)}` : 'kb-none';
    },
  };
}

interface CachedIndex {
  revision: number;
  index: KbIndex;
  entries: KnowledgeEntry[];
}
const indexes = new Map<string, CachedIndex>();
const MAX_CACHED = 500;

/** Retrieval index over the published entries visible in an inbox, rebuilt when the revision moves. */
export async function indexFor(
  db: Kysely<DB>,
  accountId: string,
  inboxId?: string,
): Promise<CachedIndex> {
  const key = `${accountId}:${inboxId ?? '*'}`;
  const revision = await kbRevision(db, accountId);
  const hit = indexes.get(key);
  if (hit && hit.revision === revision) return hit;
  const entries = await publishedEntries(db, accountId, { inboxId });
  // learn: false — the supervised matcher costs seconds of synchronous CPU per rebuild (every publish);
  // search pages and the widget use BM25 + character n-gram rerank of the same retrieval module.
  const index = buildIndex(
    entries.map((e) => ({
      id: e.id,
      title: e.title,
      similar_questions: e.similarQuestions,
      keywords: e.keywords,
      answer: e.answer,
      locale: e.locale,
    })),
    { learn: false },
  );
  const value = { revision, index, entries };
  if (indexes.size >= MAX_CACHED) indexes.delete(indexes.keys().next().value as string);
  indexes.set(key, value);
  return value;
}

export interface ArticleHit {
  entry: KnowledgeEntry;
  candidate: Candidate;
}

/** Search published articles with the bot's retrieval; `minScore` drops weak matches. */
export async function searchArticles(
  db: Kysely<DB>,
  accountId: string,
  q: string,
  opts: { inboxId?: string; locale?: string; limit?: number; minScore?: number } = {},
): Promise<ArticleHit[]> {
  const { index, entries } = await indexFor(db, accountId, opts.inboxId);
  if (!entries.length || !q.trim()) return [];
  const byId = new Map(entries.map((e) => [e.id, e]));
  return search(index, q, opts.limit ?? 10, { locale: opts.locale })
    .filter((c) => c.score >= (opts.minScore ?? 0.15))
    .map((c) => ({ entry: byId.get(c.id)!, candidate: c }))
    .filter((h) => h.entry);
}
