/** REST API of articles: list, create, read, edit, delete, publish/archive, translations. */
import { z } from 'zod';
import { execute } from '../../../core/commands/context.ts';
import { defineRoute } from '../../../core/http/route.ts';
import { Id, IdParams } from '../../../core/http/schemas.ts';
import {
  createArticle,
  createTranslation,
  deleteArticle,
  setArticleStatus,
  updateArticle,
} from '../commands/articles.ts';
import {
  ArticleFields,
  CreateArticle,
  KbLocale,
  presentArticle,
  UpdateArticle,
} from '../domain/model.ts';
import { authorizeKb } from '../domain/policy.ts';
import { listArticles, loadArticle, translationsOf } from '../store/articles.ts';
import { idOr404 } from './params.ts';
import { kbResponses } from '../responses.ts';

const ListQuery = z.strictObject({
  status: z.enum(['draft', 'published', 'archived']).optional(),
  locale: KbLocale.optional(),
  category: Id.optional(),
  q: z.string().trim().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: Id.optional(),
});

export const articleRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/kb/articles',
    auth: 'user',
    summary: 'List articles (newest first)',
    tags: ['kb'],
    response: kbResponses.Articles,
    query: ListQuery,
    handler: async ({ actor, query, services }) => {
      authorizeKb(actor, 'kb.read');
      const { page, nextCursor } = await listArticles(services.database.db, actor.accountId, query);
      return { articles: page.map((a) => presentArticle(a)), nextCursor };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/kb/articles',
    auth: 'user',
    summary: 'Create an article',
    tags: ['kb'],
    response: kbResponses.Article,
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
    response: kbResponses.Article,
    params: IdParams,
    handler: async ({ actor, params, services }) => {
      authorizeKb(actor, 'kb.read');
      const db = services.database.db;
      const a = await loadArticle(db, actor.accountId, idOr404(params.id));
      const translations = await translationsOf(db, actor.accountId, a);
      return presentArticle(a, translations);
    },
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/v1/kb/articles/:id',
    auth: 'user',
    summary: 'Edit an article (a new version)',
    tags: ['kb'],
    response: kbResponses.Article,
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
    status: 204,
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
      response: kbResponses.Article,
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
    response: kbResponses.Article,
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
];
