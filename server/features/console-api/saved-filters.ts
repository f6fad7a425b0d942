/**
 * Saved filters: a user's named views of the inbox list. `filter` holds GET /api/v1/conversations
 * query parameters (status, assignee, team, inbox, label, mode, q, sort), validated here so the
 * console can pass it straight back to the list endpoint.
 */
import { z } from 'zod';
import type { CommandContext } from '../../core/commands/context.ts';
import { execute } from '../../core/commands/context.ts';
import { badInput, notFound, unauthorized } from '../../core/errors.ts';
import { defineRoute } from '../../core/http/route.ts';
import { Id, IdParams, Status, pathId } from '../../core/http/schemas.ts';
import { newId } from '../../core/lib/ids.ts';
import { parseJson } from '../../core/presenters/index.ts';
import type { SavedFiltersTable } from './tables.ts';
import { consoleResponses } from './responses.ts';

export const MAX_SAVED_FILTERS = 50;

export const SavedFilterQuery = z.strictObject({
  status: z
    .string()
    .regex(/^[a-z]+(,[a-z]+)*$/)
    .refine((s) => s.split(',').every((x) => Status.safeParse(x).success), 'unknown status')
    .optional(),
  assignee: z.union([Id, z.enum(['me', 'none'])]).optional(),
  team: z.union([Id, z.literal('none')]).optional(),
  inbox: Id.optional(),
  label: z.string().trim().min(1).max(100).optional(),
  mode: z.enum(['bot', 'human']).optional(),
  q: z.string().trim().min(1).max(200).optional(),
  sort: z
    .string()
    .regex(/^[a-z_]{1,30}$/)
    .optional(),
});
export type SavedFilterQuery = z.infer<typeof SavedFilterQuery>;

const Name = z.string().trim().min(1).max(60);

export function presentSavedFilter(r: SavedFiltersTable) {
  return {
    id: r.id,
    name: r.name,
    filter: parseJson<SavedFilterQuery>(r.filter, {}),
    createdAt: new Date(Number(r.created_at)).toISOString(),
    updatedAt: new Date(Number(r.updated_at)).toISOString(),
  };
}

function userOf(ctx: CommandContext): string {
  if (ctx.actor.kind !== 'user') throw unauthorized();
  return ctx.actor.userId;
}

async function assertNameFree(
  ctx: CommandContext,
  userId: string,
  name: string,
  exceptId?: string,
) {
  const rows = await ctx.tx
    .selectFrom('saved_filters')
    .select(['id', 'name'])
    .where('account_id', '=', ctx.accountId)
    .where('user_id', '=', userId)
    .execute();
  if (rows.some((r) => r.id !== exceptId && r.name.toLowerCase() === name.toLowerCase()))
    throw badInput('name_taken', 'You already have a saved filter with this name.');
  return rows.length;
}

export async function createSavedFilter(
  ctx: CommandContext,
  input: { name: string; filter: SavedFilterQuery },
) {
  const userId = userOf(ctx);
  const count = await assertNameFree(ctx, userId, input.name);
  if (count >= MAX_SAVED_FILTERS)
    throw badInput(
      'too_many_saved_filters',
      `At most ${MAX_SAVED_FILTERS} saved filters per user.`,
    );
  const row: SavedFiltersTable = {
    id: newId(ctx.now),
    account_id: ctx.accountId,
    user_id: userId,
    name: input.name,
    filter: JSON.stringify(input.filter),
    created_at: ctx.now,
    updated_at: ctx.now,
  };
  await ctx.tx.insertInto('saved_filters').values(row).execute();
  return presentSavedFilter(row);
}

export async function updateSavedFilter(
  ctx: CommandContext,
  input: { id: string; name?: string; filter?: SavedFilterQuery },
) {
  const userId = userOf(ctx);
  if (input.name) await assertNameFree(ctx, userId, input.name, input.id);
  const row = await ctx.tx
    .updateTable('saved_filters')
    .set({
      ...(input.name ? { name: input.name } : {}),
      ...(input.filter ? { filter: JSON.stringify(input.filter) } : {}),
      updated_at: ctx.now,
    })
    .where('account_id', '=', ctx.accountId)
    .where('user_id', '=', userId)
    .where('id', '=', input.id)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw notFound('saved filter');
  return presentSavedFilter(row);
}

export async function deleteSavedFilter(ctx: CommandContext, input: { id: string }) {
  const userId = userOf(ctx);
  const res = await ctx.tx
    .deleteFrom('saved_filters')
    .where('account_id', '=', ctx.accountId)
    .where('user_id', '=', userId)
    .where('id', '=', input.id)
    .executeTakeFirst();
  if (!Number(res.numDeletedRows)) throw notFound('saved filter');
}

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
      const rows = await services.database.db
        .selectFrom('saved_filters')
        .selectAll()
        .where('account_id', '=', actor.accountId)
        .where('user_id', '=', actor.userId)
        .orderBy('name')
        .execute();
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
