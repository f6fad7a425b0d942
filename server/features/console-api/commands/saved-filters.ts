/** Saved filters: create, rename or change, delete (each user their own; names unique per user). */
import type { CommandContext } from '../../../core/commands/context.ts';
import { badInput, notFound, unauthorized } from '../../../core/errors.ts';
import { newId } from '../../../core/lib/ids.ts';
import {
  MAX_SAVED_FILTERS,
  presentSavedFilter,
  type SavedFilterQuery,
} from '../domain/saved-filters.ts';
import type { SavedFiltersTable } from '../tables.ts';

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
