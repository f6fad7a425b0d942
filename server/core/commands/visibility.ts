/**
 * What agents may see (policies/visibility.ts): the account's `restrictAgentsToMembership` setting and
 * inbox/team membership. Each command answers the users whose visibility may have changed, so that the
 * caller ends their live sockets (realtime/audience.ts `refreshAudience`).
 */
import { badInput, notFound } from '../errors.ts';
import { authorize } from '../policies/can.ts';
import { restrictsAgents } from '../policies/visibility.ts';
import { setTeamMembers } from './accounts.ts';
import type { CommandContext } from './context.ts';

function parseSettings(json: string): Record<string, unknown> {
  try {
    const parsed = JSON.parse(json);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed;
  } catch {
    /* unreadable settings start over */
  }
  return {};
}

/** Owners and admins turn the restriction on or off; every agent of the account is affected. */
export async function setRestrictAgents(
  ctx: CommandContext,
  input: { restrictAgentsToMembership: boolean },
): Promise<{ restrictAgentsToMembership: boolean; affected: string[] }> {
  authorize(ctx.actor, 'account.manage');
  // the row lock first (PostgreSQL): other settings written meanwhile are not lost
  await ctx.tx
    .updateTable('accounts')
    .set({ updated_at: ctx.now })
    .where('id', '=', ctx.accountId)
    .execute();
  const a = await ctx.tx
    .selectFrom('accounts')
    .select('settings')
    .where('id', '=', ctx.accountId)
    .executeTakeFirst();
  if (!a) throw notFound('account');
  const next = input.restrictAgentsToMembership;
  if (restrictsAgents(a.settings) === next)
    return { restrictAgentsToMembership: next, affected: [] };
  await ctx.tx
    .updateTable('accounts')
    .set({
      settings: JSON.stringify({ ...parseSettings(a.settings), restrictAgentsToMembership: next }),
    })
    .where('id', '=', ctx.accountId)
    .execute();
  const agents = await ctx.tx
    .selectFrom('users')
    .select('id')
    .where('account_id', '=', ctx.accountId)
    .where('role', '=', 'agent')
    .execute();
  return { restrictAgentsToMembership: next, affected: agents.map((u) => u.id) };
}

/** Symmetric difference: who joined or left. */
const changed = (before: string[], after: string[]) => {
  const b = new Set(before);
  const a = new Set(after);
  return [...before.filter((x) => !a.has(x)), ...after.filter((x) => !b.has(x))];
};

export async function inboxMembers(
  ctx: Pick<CommandContext, 'tx' | 'accountId'>,
  inboxId: string,
): Promise<string[]> {
  const rows = await ctx.tx
    .selectFrom('inbox_members')
    .select('user_id')
    .where('account_id', '=', ctx.accountId)
    .where('inbox_id', '=', inboxId)
    .execute();
  return rows.map((r) => r.user_id);
}

/** Replaces an inbox's members (admins). */
export async function setInboxMembers(
  ctx: CommandContext,
  input: { inboxId: string; memberIds: string[] },
): Promise<{ memberIds: string[]; changed: string[] }> {
  authorize(ctx.actor, 'inbox.manage');
  const inbox = await ctx.tx
    .selectFrom('inboxes')
    .select('id')
    .where('account_id', '=', ctx.accountId)
    .where('id', '=', input.inboxId)
    .executeTakeFirst();
  if (!inbox) throw notFound('inbox');
  const ids = [...new Set(input.memberIds)];
  if (ids.length) {
    const users = await ctx.tx
      .selectFrom('users')
      .select('id')
      .where('account_id', '=', ctx.accountId)
      .where('id', 'in', ids)
      .execute();
    if (users.length !== ids.length)
      throw badInput('unknown_user', 'Some member ids are not agents of this account.');
  }
  const before = await inboxMembers(ctx, inbox.id);
  await ctx.tx.deleteFrom('inbox_members').where('inbox_id', '=', inbox.id).execute();
  if (ids.length)
    await ctx.tx
      .insertInto('inbox_members')
      .values(ids.map((user_id) => ({ inbox_id: inbox.id, user_id, account_id: ctx.accountId })))
      .execute();
  return { memberIds: ids, changed: changed(before, ids) };
}

/** `setTeamMembers` (commands/accounts.ts), answering who joined or left as well. */
export async function replaceTeamMembers(
  ctx: CommandContext,
  input: { teamId: string; memberIds: string[] },
): Promise<{ memberIds: string[]; changed: string[] }> {
  const before = await ctx.tx
    .selectFrom('team_members')
    .select('user_id')
    .where('account_id', '=', ctx.accountId)
    .where('team_id', '=', input.teamId)
    .execute();
  const memberIds = await setTeamMembers(ctx, input);
  return {
    memberIds,
    changed: changed(
      before.map((r) => r.user_id),
      memberIds,
    ),
  };
}
