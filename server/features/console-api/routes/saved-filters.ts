/** Saved filters: my named views of the inbox list (GET /api/v1/conversations parameters). */
import { z } from 'zod';
import { execute } from '../../../core/commands/context.ts';
import { notFound, unauthorized } from '../../../core/errors.ts';
import { defineRoute } from '../../../core/http/route.ts';
import { IdParams, pathId } from '../../../core/http/schemas.ts';
import {
  createSavedFilter,
  deleteSavedFilter,
  updateSavedFilter,
} from '../commands/saved-filters.ts';
import { presentSavedFilter, SavedFilterQuery } from '../domain/saved-filters.ts';
import { savedFiltersOf } from '../store/saved-filters.ts';
import { consoleResponses } from '../responses.ts';

const Name = z.string().trim().min(1).max(60);

const need = (raw: string) => {
  const id = pathId(raw);
  if (!id) throw notFound('saved filter');
  return id;
};

export const savedFilterRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/saved-filters',
    auth: 'user',
    summary: 'My saved inbox filters',
    tags: ['saved filters'],
    response: consoleResponses.SavedFilters,
    handler: async ({ actor, services }) => {
      if (actor.kind !== 'user') throw unauthorized();
      const rows = await savedFiltersOf(services.database.db, actor.accountId, actor.userId);
      return { data: rows.map(presentSavedFilter) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/saved-filters',
    auth: 'user',
    summary: 'Save an inbox filter',
    tags: ['saved filters'],
    response: consoleResponses.SavedFilter,
    status: 201,
    body: z.strictObject({ name: Name, filter: SavedFilterQuery }),
    handler: async ({ actor, body, services }) => execute(services, actor, createSavedFilter, body),
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/v1/saved-filters/:id',
    auth: 'user',
    summary: 'Rename or change a saved filter',
    tags: ['saved filters'],
    response: consoleResponses.SavedFilter,
    params: IdParams,
    body: z.strictObject({ name: Name.optional(), filter: SavedFilterQuery.optional() }),
    handler: async ({ actor, params, body, services }) =>
      execute(services, actor, updateSavedFilter, { id: need(params.id), ...body }),
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/v1/saved-filters/:id',
    auth: 'user',
    summary: 'Delete a saved filter',
    tags: ['saved filters'],
    status: 204,
    params: IdParams,
    handler: async ({ actor, params, services }) => {
      await execute(services, actor, deleteSavedFilter, { id: need(params.id) });
    },
  }),
];
