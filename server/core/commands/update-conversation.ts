/** Status (resolve, reopen, pending, snooze until), priority and bot/human mode changes. */
import type { Conversation, ConversationUpdate, Priority } from '../db/types.ts';
import { badInput } from '../errors.ts';
import { nextStatus, type StatusAction } from '../domain/conversation-state.ts';
import { authorize } from '../policies/can.ts';
import { presentConversation } from '../presenters/index.ts';
import type { CommandContext } from './context.ts';
import { appendMessage, labelsOf, loadConversation } from './lib/conversations.ts';

export interface UpdateConversationInput {
  conversationId: string;
  status?: StatusAction;
  snoozedUntil?: number | null;
  priority?: Priority;
  mode?: 'bot' | 'human';
}

export async function updateConversation(
  ctx: CommandContext,
  input: UpdateConversationInput,
): Promise<Conversation> {
  authorize(ctx.actor, 'conversation.update');
  const current = await loadConversation(ctx.tx, ctx.accountId, input.conversationId);
  const patch: ConversationUpdate = {};
  const changes: string[] = [];
  if (input.status) {
    const status = nextStatus(current.status, input.status);
    if (input.status === 'snooze') {
      if (!input.snoozedUntil || input.snoozedUntil <= ctx.now)
        throw badInput('invalid_snooze', 'snoozedUntil must be in the future.');
      patch.snoozed_until = input.snoozedUntil;
    } else if (status !== 'snoozed') patch.snoozed_until = null;
    if (status !== current.status) {
      patch.status = status;
      patch.resolved_at =
        status === 'resolved' ? ctx.now : status === 'open' ? null : current.resolved_at;
      if (status === 'resolved' || status === 'closed') patch.waiting_since = null;
      changes.push('status');
    }
  }
  if (input.priority && input.priority !== current.priority) {
    patch.priority = input.priority;
    changes.push('priority');
  }
  if (input.mode && input.mode !== current.mode) {
    patch.mode = input.mode;
    changes.push('mode');
  }
  if (!changes.length) return current;
  const activity = describe(changes, patch);
  const { conversation } = await appendMessage(
    ctx.tx,
    current,
    {
      type: 'activity',
      senderType: ctx.actor.kind === 'user' ? 'user' : 'system',
      senderId: ctx.actor.kind === 'user' ? ctx.actor.userId : null,
      content: activity.text,
      attributes: activity.attributes,
      status: 'sent',
    },
    ctx.now,
    patch,
  );
  const dto = presentConversation(conversation, await labelsOf(ctx.tx, conversation.id));
  if (patch.status)
    await ctx.events.record(
      'conversation.status_changed',
      { conversation: dto, previousStatus: current.status },
      conversation.id,
    );
  const other = changes.filter((c) => c !== 'status');
  if (other.length)
    await ctx.events.record(
      'conversation.updated',
      { conversation: dto, changes: other },
      conversation.id,
    );
  return conversation;
}

function describe(
  changes: string[],
  patch: ConversationUpdate,
): { text: string; attributes: Record<string, unknown> } {
  const attributes: Record<string, unknown> = { activity: 'conversation_updated', changes: {} };
  const c = attributes.changes as Record<string, unknown>;
  for (const k of changes) c[k] = (patch as Record<string, unknown>)[k];
  const text = changes.map((k) => `${k}: ${String(c[k])}`).join(', ');
  return { text, attributes };
}
