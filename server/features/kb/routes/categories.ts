/** REST API of the category tree. */
import { execute } from '../../../core/commands/context.ts';
import { defineRoute } from '../../../core/http/route.ts';
import { IdParams } from '../../../core/http/schemas.ts';
import {
  CategoryInput,
  createCategory,
  deleteCategory,
  updateCategory,
} from '../commands/categories.ts';
import { presentCategory } from '../domain/model.ts';
import { authorizeKb } from '../domain/policy.ts';
import { listCategories } from '../store/categories.ts';
import { idOr404 } from './params.ts';
import { kbResponses } from '../responses.ts';

export const categoryRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/kb/categories',
    auth: 'user',
    summary: 'The category tree (flat, with parentId)',
    tags: ['kb'],
    response: kbResponses.Categories,
    handler: async ({ actor, services }) => {
      authorizeKb(actor, 'kb.read');
      const rows = await listCategories(services.database.db, actor.accountId);
      return { categories: rows.map(presentCategory) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/kb/categories',
    auth: 'user',
    summary: 'Create a category',
    tags: ['kb'],
    response: kbResponses.Category,
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
    response: kbResponses.Category,
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
    status: 204,
    params: IdParams,
    handler: async ({ actor, params, services }) => {
      await execute(services, actor, deleteCategory, {
        categoryId: idOr404(params.id, 'category'),
      });
    },
  }),
];
