/** Small admin catalogue commands: labels, agent role/disable (canned responses: features/canned). */
import type { Role, User } from '../db/types.ts';
import { badInput, conflict, forbidden, notFound } from '../errors.ts';
import { newId } from '../lib/ids.ts';
import { authorize, ROLE_RANK } from '../policies/can.ts';
import type { CommandContext } from './context.ts';

export async function createLabel(ctx: CommandContext, input: { name: string; color: string }) {
  authorize(ctx.actor, 'label.manage');
  const exists = await ctx.tx
    .selectFrom('labels')
    .select('id')
    .where('account_id', '=', ctx.accountId)
    .where('name', '=', input.name)
    .executeTakeFirst();
  if (exists) throw conflict('name_taken', 'A label with this name already exists.');
  const label = {
    id: newId(ctx.now),
    account_id: ctx.accountId,
    name: input.name,
    color: input.color,
    created_at: ctx.now,
  };
  await ctx.tx.insertInto('labels').values(label).execute();
  return { id: label.id, name: label.name, color: label.color };
}

export async function deleteLabel(ctx: CommandContext, input: { labelId: string }) {
  authorize(ctx.actor, 'label.manage');
  const res = await ctx.tx
    .deleteFrom('labels')
    .where('account_id', '=', ctx.accountId)
    .where('id', '=', input.labelId)
    .executeTakeFirst();
  if (!Number(res.numDeletedRows)) throw notFound('label');
  await ctx.tx.deleteFrom('conversation_labels').where('label_id', '=', input.labelId).execute();
}

export async function updateUser(
  ctx: CommandContext,
  input: { userId: string; role?: Role; name?: string; disabled?: boolean },
): Promise<User> {
  authorize(ctx.actor, 'user.manage');
  if (ctx.actor.kind !== 'user') throw forbidden();
  const target = await ctx.tx
    .selectFrom('users')
    .selectAll()
    .where('account_id', '=', ctx.accountId)
    .where('id', '=', input.userId)
    .executeTakeFirst();
  if (!target) throw notFound('user');
  const myRank = ROLE_RANK[ctx.actor.role];
  if (ROLE_RANK[target.role] > myRank || (input.role && ROLE_RANK[input.role] > myRank))
    throw forbidden('You cannot change a user with a higher role than yours.');
  if (
    target.id === ctx.actor.userId &&
    (input.disabled || (input.role && input.role !== target.role))
  ) {
    throw badInput('cannot_change_self', 'You cannot disable yourself or change your own role.');
  }
  const updated = await ctx.tx
    .updateTable('users')
    .set({
      ...(input.role ? { role: input.role } : {}),
      ...(input.name ? { name: input.name } : {}),
      ...(input.disabled !== undefined ? { disabled_at: input.disabled ? ctx.now : null } : {}),
      updated_at: ctx.now,
    })
    .where('id', '=', target.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  if (input.disabled)
    await ctx.tx.deleteFrom('sessions').where('user_id', '=', target.id).execute();
  return updated;
}
