/**
 * Capacity guard for manual assignment and transfer (registered in assignGuards by feature.ts): an
 * agent at their maximum of concurrent open conversations in the conversation's channel cannot be
 * given another one — 409 `agent_at_capacity` — unless a supervisor/admin passes `force: true`.
 * Capacity limits what others and automation hand an agent: an agent who takes a conversation
 * herself ("assign to me", a supervisor's take-over) may go over it (the load then shows above the
 * capacity), as in Chatwoot and Zendesk; the assignment a reply makes by itself stays limited.
 * Counted under the account lock, so it is exact against the queue drain and other nodes.
 */
import type { AssignGuard } from '../../../core/commands/assign-conversation.ts';
import type { CommandContext } from '../../../core/commands/context.ts';
import type { Conversation } from '../../../core/db/types.ts';
import { AppError, conflict } from '../../../core/errors.ts';
import { can } from '../../../core/policies/can.ts';
import { capacityOf } from '../domain/route.ts';
import { parseJson } from '../../../core/presenters/index.ts';
import { settingsFor } from '../store/settings.ts';
import { lockAccount } from './queue.ts';

export interface AgentCapacity {
  channel: string;
  load: number;
  capacity: number;
}

/** Open conversations of the agent in the channel (other than `exceptId`) and their capacity there. */
export async function agentCapacity(
  ctx: CommandContext,
  agentId: string,
  channel: string,
  exceptId: string | null,
): Promise<AgentCapacity> {
  // One after another: a transaction is one connection (pg warns on, and will refuse, concurrent queries on it).
  const settings = await settingsFor(ctx.tx, ctx.accountId);
  const profile = await ctx.tx
    .selectFrom('routing_agents')
    .select('capacity')
    .where('user_id', '=', agentId)
    .where('account_id', '=', ctx.accountId)
    .executeTakeFirst();
  const row = await ctx.tx
    .selectFrom('conversations')
    .innerJoin('inboxes', 'inboxes.id', 'conversations.inbox_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('conversations.account_id', '=', ctx.accountId)
    .where('conversations.assignee_id', '=', agentId)
    .where('conversations.status', '=', 'open')
    .where('inboxes.channel_type', '=', channel)
    .$if(exceptId != null, (q) => q.where('conversations.id', '!=', exceptId!))
    .executeTakeFirst();
  const capacity = {
    ...settings.defaultCapacity,
    ...parseJson<Record<string, number>>(profile?.capacity ?? '{}', {}),
  };
  return {
    channel,
    load: Number(row?.n ?? 0),
    capacity: capacityOf({ capacity } as Parameters<typeof capacityOf>[0], channel),
  };
}

export const capacityGuard: AssignGuard = async (ctx, current: Conversation, assigneeId, input) => {
  if (input.force) {
    // system callers (the queue drain, whose plan never exceeds a capacity) may force; people need 'supervise'
    if (!can(ctx.actor, 'supervise'))
      throw new AppError(
        'force_not_allowed',
        403,
        "Only supervisors and admins can assign above an agent's capacity.",
      );
    return;
  }
  if (!input.implicit && ctx.actor.kind === 'user' && ctx.actor.userId === assigneeId) return;
  if (current.status !== 'open') return; // only open conversations count towards the load
  await lockAccount(ctx.tx, ctx.accountId);
  const inbox = await ctx.tx
    .selectFrom('inboxes')
    .select('channel_type')
    .where('id', '=', current.inbox_id)
    .executeTakeFirst();
  const c = await agentCapacity(ctx, assigneeId, inbox?.channel_type ?? 'web_widget', current.id);
  if (c.load >= c.capacity) {
    const err = conflict(
      'agent_at_capacity',
      `The agent already has ${c.load} of ${c.capacity} open conversations in this channel.`,
    );
    throw new AppError(err.code, err.status, err.message, { agentId: assigneeId, ...c });
  }
};
