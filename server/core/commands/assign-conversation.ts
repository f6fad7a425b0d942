/** Assign or transfer a conversation to an agent and/or team, with an optional note. */
import type { Conversation } from '../db/types.ts';
import { badInput, notFound } from '../errors.ts';
import { authorize } from '../policies/can.ts';
import { presentConversation } from '../presenters/index.ts';
import type { CommandContext } from './context.ts';
import { appendMessage, labelsOf, loadConversation } from './lib/conversations.ts';

export interface AssignConversationInput {
  conversationId: string;
  assigneeId?: string | null;
  teamId?: string | null;
  note?: string;
  /** Override checks such as the agent's capacity (features decide who may; see assignGuards). */
  force?: boolean;
  /** The assignment a reply makes by itself (send-message), as opposed to one a person asked for. */
  implicit?: boolean;
}

/** Checks features add before an agent is assigned (routing: capacity); they throw to refuse. */
export type AssignGuard = (
  ctx: CommandContext,
  current: Conversation,
  assigneeId: string,
  input: AssignConversationInput,
) => Promise<void>;
export const assignGuards: AssignGuard[] = [];

export async function assignConversation(
  ctx: CommandContext,
  input: AssignConversationInput,
): Promise<Conversation> {
  authorize(ctx.actor, 'conversation.assign');
  if (input.assigneeId === undefined && input.teamId === undefined)
    throw badInput('invalid_request', 'Give an assigneeId or a teamId.');
  const current = await loadConversation(ctx.tx, ctx.accountId, input.conversationId);
  if (input.assigneeId) {
    const user = await ctx.tx
      .selectFrom('users')
      .select('id')
      .where('account_id', '=', ctx.accountId)
      .where('id', '=', input.assigneeId)
      .where('disabled_at', 'is', null)
      .executeTakeFirst();
    if (!user) throw notFound('agent');
  }
  if (input.teamId) {
    const team = await ctx.tx
      .selectFrom('teams')
      .select('id')
      .where('account_id', '=', ctx.accountId)
      .where('id', '=', input.teamId)
      .executeTakeFirst();
    if (!team) throw notFound('team');
  }
  const assigneeId = input.assigneeId === undefined ? current.assignee_id : input.assigneeId;
  const teamId = input.teamId === undefined ? current.team_id : input.teamId;
  if (assigneeId === current.assignee_id && teamId === current.team_id && !input.note)
    return current;
  if (assigneeId && assigneeId !== current.assignee_id)
    for (const guard of assignGuards) await guard(ctx, current, assigneeId, input);
  const actorId = ctx.actor.kind === 'user' ? ctx.actor.userId : null;
  const { conversation } = await appendMessage(
    ctx.tx,
    current,
    {
      type: 'activity',
      senderType: actorId ? 'user' : 'system',
      senderId: actorId,
      content: input.note ?? '',
      status: 'sent',
      attributes: {
        activity: 'assigned',
        assigneeId,
        teamId,
        previousAssigneeId: current.assignee_id,
        previousTeamId: current.team_id,
      },
    },
    ctx.now,
    { assignee_id: assigneeId, team_id: teamId, ...(assigneeId ? { mode: 'human' as const } : {}) },
  );
  const dto = presentConversation(conversation, await labelsOf(ctx.tx, conversation.id));
  await ctx.events.record(
    'conversation.assigned',
    {
      conversation: dto,
      previousAssigneeId: current.assignee_id,
      previousTeamId: current.team_id,
      ...(input.note ? { note: input.note } : {}),
    },
    conversation.id,
  );
  return conversation;
}
