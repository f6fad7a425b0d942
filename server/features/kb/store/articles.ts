/** Read queries of articles and their version history. */
import type { Executor } from '../../../core/db/client.ts';
import { notFound } from '../../../core/errors.ts';
import type { ArticleRow } from '../domain/model.ts';
import type { ArticleStatus } from '../tables.ts';

export async function loadArticle(
  db: Executor,
  accountId: string,
  id: string,
): Promise<ArticleRow> {
  const a = await db
    .selectFrom('kb_articles')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!a) throw notFound('article');
  return a;
}

export interface ArticleListQuery {
  status?: ArticleStatus;
  locale?: string;
  category?: string;
  q?: string;
  limit: number;
  cursor?: string;
}

/** One page of articles, newest first (one row more than `limit` tells whether another page follows). */
export async function listArticles(db: Executor, accountId: string, query: ArticleListQuery) {
  let qb = db.selectFrom('kb_articles').selectAll().where('account_id', '=', accountId);
  if (query.status) qb = qb.where('status', '=', query.status);
  if (query.locale) qb = qb.where('locale', '=', query.locale);
  if (query.category) qb = qb.where('category_id', '=', query.category);
  if (query.cursor) qb = qb.where('id', '<', query.cursor);
  if (query.q) qb = qb.where('title', 'like', `%${query.q.replace(/[%_\\]/g, '')}%`);
  const rows = await qb
    .orderBy('id', 'desc')
    .limit(query.limit + 1)
    .execute();
  const page = rows.slice(0, query.limit);
  return { page, nextCursor: rows.length > query.limit ? page[page.length - 1].id : null };
}

/** The other locales of an article's translation group. */
export function translationsOf(db: Executor, accountId: string, a: ArticleRow) {
  return db
    .selectFrom('kb_articles')
    .select(['id', 'locale', 'status'])
    .where('account_id', '=', accountId)
    .where('translation_group_id', '=', a.translation_group_id)
    .where('id', '!=', a.id)
    .orderBy('locale')
    .execute();
}

/** Version history, newest first. */
export function listVersions(db: Executor, accountId: string, articleId: string) {
  return db
    .selectFrom('kb_article_versions')
    .select(['version', 'action', 'author_id', 'author_name', 'created_at'])
    .where('account_id', '=', accountId)
    .where('article_id', '=', articleId)
    .orderBy('version', 'desc')
    .limit(500)
    .execute();
}

/** The newest version at or before `version`. */
export function versionAtOrBefore(
  db: Executor,
  accountId: string,
  articleId: string,
  version: number,
) {
  return db
    .selectFrom('kb_article_versions')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('article_id', '=', articleId)
    .where('version', '<=', version)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
}
