/** REST API of the knowledge base: articles, translations, versions, categories, search. */
import { z } from 'zod';
import { execute } from '../../core/commands/context.ts';
import { notFound } from '../../core/errors.ts';
import { defineRoute } from '../../core/http/route.ts';
import { Id, IdParams, pathId } from '../../core/http/schemas.ts';
import { createCategory, CategoryInput, deleteCategory, updateCategory } from './categories.ts';
import {
  createArticle,
  createTranslation,
  deleteArticle,
  loadArticle,
  restoreVersion,
  setArticleStatus,
  updateArticle,
} from './commands.ts';
import { formatDiff, lineDiff } from './diff.ts';
import {
  ArticleFields,
  CreateArticle,
  KbLocale,
  presentArticle,
  presentCategory,
  snapshotText,
  UpdateArticle,
  type ArticleSnapshot,
} from './model.ts';
import { authorizeKb } from './policy.ts';
import { searchArticles } from './source.ts';
import { highlight, snippetOf } from './text.ts';

const idOr404 = (raw: string, what = 'article') => {
  const id = pathId(raw);
  if (!id) throw notFound(what);
  return id;
};

const ListQuery = z.strictObject({
  status: z.enum(['draft', 'published', 'archived']).optional(),
  locale: KbLocale.optional(),
  category: Id.optional(),
  q: z.string().trim().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: Id.optional(),
});

const VersionParams = z.strictObject({
  id: z.string(),
  version: z.coerce.number().int().min(1).max(1_000_000),
});

export const articleRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/kb/articles',
    auth: 'user',
    summary: 'List articles (newest first)',
    tags: ['kb'],
    query: ListQuery,
    handler: async ({ actor, query, services }) => {
      authorizeKb(actor, 'kb.read');
      let qb = services.database.db
        .selectFrom('kb_articles')
        .selectAll()
        .where('account_id', '=', actor.accountId);
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
      return {
        articles: page.map((a) => presentArticle(a)),
        nextCursor: rows.length > query.limit ? page[page.length - 1].id : null,
      };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/kb/articles',
    auth: 'user',
    summary: 'Create an article',
    tags: ['kb'],
    status: 201,
    body: CreateArticle,
    handler: async ({ actor, body, services }) =>
      presentArticle(await execute(services, actor, createArticle, body)),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/kb/articles/:id',
    auth: 'user',
    summary: 'One article with its translations',
    tags: ['kb'],
    params: IdParams,
    handler: async ({ actor, params, services }) => {
      authorizeKb(actor, 'kb.read');
      const db = services.database.db;
      const a = await loadArticle(db, actor.accountId, idOr404(params.id));
      const translations = await db
        .selectFrom('kb_articles')
        .select(['id', 'locale', 'status'])
        .where('account_id', '=', actor.accountId)
        .where('translation_group_id', '=', a.translation_group_id)
        .where('id', '!=', a.id)
        .orderBy('locale')
        .execute();
      return presentArticle(a, translations);
    },
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/v1/kb/articles/:id',
    auth: 'user',
    summary: 'Edit an article (a new version)',
    tags: ['kb'],
    params: IdParams,
    body: UpdateArticle,
    handler: async ({ actor, params, body, services }) =>
      presentArticle(
        await execute(services, actor, updateArticle, { ...body, articleId: idOr404(params.id) }),
      ),
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/v1/kb/articles/:id',
    auth: 'user',
    summary: 'Delete an article and its history',
    tags: ['kb'],
    params: IdParams,
    handler: async ({ actor, params, services }) => {
      await execute(services, actor, deleteArticle, { articleId: idOr404(params.id) });
    },
  }),
  ...(['publish', 'archive', 'unpublish'] as const).map((action) =>
    defineRoute({
      method: 'POST',
      url: `/api/v1/kb/articles/:id/${action}`,
      auth: 'user',
      summary: `${action[0].toUpperCase()}${action.slice(1)} an article`,
      tags: ['kb'],
      params: IdParams,
      handler: async ({ actor, params, services }) =>
        presentArticle(
          await execute(services, actor, setArticleStatus, {
            articleId: idOr404(params.id),
            status:
              action === 'publish' ? 'published' : action === 'archive' ? 'archived' : 'draft',
          }),
        ),
    }),
  ),
  defineRoute({
    method: 'POST',
    url: '/api/v1/kb/articles/:id/translations',
    auth: 'user',
    summary: 'Add a translation (another locale of the same article)',
    tags: ['kb'],
    status: 201,
    params: IdParams,
    body: ArticleFields.partial({ categoryId: true, inboxIds: true }).extend({
      locale: KbLocale,
      status: z.enum(['draft', 'published']).default('draft'),
    }),
    handler: async ({ actor, params, body, services }) =>
      presentArticle(
        await execute(services, actor, createTranslation, {
          ...body,
          categoryId: body.categoryId ?? null,
          inboxIds: body.inboxIds ?? null,
          sourceId: idOr404(params.id),
        } as Parameters<typeof createTranslation>[1]),
      ),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/kb/articles/:id/versions',
    auth: 'user',
    summary: 'Version history (author, time, action)',
    tags: ['kb'],
    params: IdParams,
    handler: async ({ actor, params, services }) => {
      authorizeKb(actor, 'kb.read');
      const db = services.database.db;
      const a = await loadArticle(db, actor.accountId, idOr404(params.id));
      const rows = await db
        .selectFrom('kb_article_versions')
        .select(['version', 'action', 'author_id', 'author_name', 'created_at'])
        .where('account_id', '=', actor.accountId)
        .where('article_id', '=', a.id)
        .orderBy('version', 'desc')
        .limit(500)
        .execute();
      return {
        versions: rows.map((v) => ({
          version: Number(v.version),
          action: v.action,
          authorId: v.author_id,
          authorName: v.author_name,
          createdAt: new Date(Number(v.created_at)).toISOString(),
        })),
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/kb/articles/:id/versions/:version',
    auth: 'user',
    summary: 'One version with a line diff to the previous one (or ?against=)',
    tags: ['kb'],
    params: VersionParams,
    query: z.strictObject({ against: z.coerce.number().int().min(1).optional() }),
    handler: async ({ actor, params, query, services }) => {
      authorizeKb(actor, 'kb.read');
      const db = services.database.db;
      const a = await loadArticle(db, actor.accountId, idOr404(params.id));
      const load = (v: number) =>
        db
          .selectFrom('kb_article_versions')
          .selectAll()
          .where('account_id', '=', actor.accountId)
          .where('article_id', '=', a.id)
          .where('version', '<=', v)
          .orderBy('version', 'desc')
          .limit(1)
          .executeTakeFirst();
      const cur = await load(params.version);
      if (!cur || Number(cur.version) !== params.version) throw notFound('version');
      const prev = params.version > 1 ? await load(query.against ?? params.version - 1) : undefined;
      const snap = JSON.parse(cur.snapshot) as ArticleSnapshot;
      const lines = lineDiff(
        prev ? snapshotText(JSON.parse(prev.snapshot)) : '',
        snapshotText(snap),
      );
      return {
        version: Number(cur.version),
        action: cur.action,
        authorName: cur.author_name,
        createdAt: new Date(Number(cur.created_at)).toISOString(),
        snapshot: snap,
        against: prev ? Number(prev.version) : null,
        diff: lines,
        diffText: formatDiff(lines),
      };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/kb/articles/:id/versions/:version/restore',
    auth: 'user',
    summary: 'Restore an older version (as a new version)',
    tags: ['kb'],
    params: VersionParams,
    handler: async ({ actor, params, services }) =>
      presentArticle(
        await execute(services, actor, restoreVersion, {
          articleId: idOr404(params.id),
          version: params.version,
        }),
      ),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/kb/search',
    auth: 'user',
    summary: "Search published articles with the bot's retrieval (highlighted)",
    tags: ['kb'],
    query: z.strictObject({
      q: z.string().trim().min(1).max(500),
      inbox: Id.optional(),
      locale: KbLocale.optional(),
      limit: z.coerce.number().int().min(1).max(50).default(10),
    }),
    handler: async ({ actor, query, services }) => {
      authorizeKb(actor, 'kb.read');
      const hits = await searchArticles(services.database.db, actor.accountId, query.q, {
        inboxId: query.inbox,
        locale: query.locale,
        limit: query.limit,
        minScore: 0.05,
      });
      return {
        results: hits.map(({ entry, candidate }) => ({
          id: entry.id,
          title: entry.title,
          locale: entry.locale,
          score: Math.round(candidate.score * 1000) / 1000,
          matched: candidate.matched,
          snippet: snippetOf(entry.answer, 200),
          highlights: {
            title: highlight(entry.title, query.q),
            matched: highlight(candidate.matched, query.q),
          },
        })),
      };
    },
  }),
];

export const categoryRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/kb/categories',
    auth: 'user',
    summary: 'The category tree (flat, with parentId)',
    tags: ['kb'],
    handler: async ({ actor, services }) => {
      authorizeKb(actor, 'kb.read');
      const rows = await services.database.db
        .selectFrom('kb_categories')
        .selectAll()
        .where('account_id', '=', actor.accountId)
        .orderBy('position')
        .orderBy('id')
        .execute();
      return { categories: rows.map(presentCategory) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/kb/categories',
    auth: 'user',
    summary: 'Create a category',
    tags: ['kb'],
    status: 201,
    body: CategoryInput,
    handler: async ({ actor, body, services }) =>
      presentCategory(await execute(services, actor, createCategory, body)),
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/v1/kb/categories/:id',
    auth: 'user',
    summary: 'Rename or move a category',
    tags: ['kb'],
    params: IdParams,
    body: CategoryInput.partial().strict(),
    handler: async ({ actor, params, body, services }) =>
      presentCategory(
        await execute(services, actor, updateCategory, {
          ...body,
          categoryId: idOr404(params.id, 'category'),
        }),
      ),
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/v1/kb/categories/:id',
    auth: 'user',
    summary: 'Delete a category (articles become uncategorized)',
    tags: ['kb'],
    params: IdParams,
    handler: async ({ actor, params, services }) => {
      await execute(services, actor, deleteCategory, {
        categoryId: idOr404(params.id, 'category'),
      });
    },
  }),
];
