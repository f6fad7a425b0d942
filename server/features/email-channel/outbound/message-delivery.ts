/**
 * Shows a mail's delivery on its Kefu message: the message's `status` (pending → sent, or failed)
 * and `attributes.email` (Message-ID, recipient, and `delivery`: the outbox state, attempts, next
 * attempt, the failure code and the relay's words, a warning), then `message.updated`, so the agent
 * sees it change live (broadcast-realtime sends it to the conversation's agents).
 */
import type { CommandContext } from '../../../core/commands/context.ts';
import { labelsOf, loadConversation } from '../../../core/commands/lib/conversations.ts';
import type { DeliveryStatus, Message } from '../../../core/db/types.ts';
import { parseJson, presentConversation, presentMessage } from '../../../core/presenters/index.ts';
import { attachmentsOf } from '../../../core/queries/messages.ts';
import type { OutboxRow } from './outbox.ts';
import type { OutboxState } from './tables.ts';

const STATUS: Record<OutboxState, DeliveryStatus> = {
  pending: 'pending',
  deferred: 'pending',
  sent: 'sent',
  failed: 'failed',
  bounced: 'failed',
};

export function deliveryAttributes(row: OutboxRow) {
  return {
    state: row.state,
    attempts: Number(row.attempts),
    nextAttemptAt:
      row.next_attempt_at != null && (row.state === 'pending' || row.state === 'deferred')
        ? new Date(Number(row.next_attempt_at)).toISOString()
        : null,
    code: row.last_code,
    response: row.last_response,
    warning: row.warning,
  };
}

/** Writes the row's state onto its message and records `message.updated`. */
export async function showDelivery(
  ctx: CommandContext,
  row: OutboxRow,
  extra: Record<string, unknown> = {},
): Promise<void> {
  const message = await ctx.tx
    .selectFrom('messages')
    .selectAll()
    .where('account_id', '=', ctx.accountId)
    .where('id', '=', row.message_id)
    .executeTakeFirst();
  if (!message) return; // deleted with its conversation
  const attrs = parseJson<Record<string, unknown>>(message.content_attributes, {});
  const email = (attrs.email ?? {}) as Record<string, unknown>;
  const content_attributes = JSON.stringify({
    ...attrs,
    email: {
      ...email,
      ...extra,
      messageId: row.rfc_message_id,
      to: row.recipient || null,
      delivery: deliveryAttributes(row),
    },
  });
  const status = STATUS[row.state];
  await ctx.tx
    .updateTable('messages')
    .set({ status, content_attributes })
    .where('id', '=', message.id)
    .execute();
  const updated: Message = { ...message, status, content_attributes };
  const conversation = await loadConversation(ctx.tx, ctx.accountId, message.conversation_id);
  await ctx.events.record(
    'message.updated',
    {
      message: presentMessage(updated, await attachmentsOf(ctx.tx, [message.id])),
      conversation: presentConversation(conversation, await labelsOf(ctx.tx, conversation.id)),
    },
    conversation.id,
  );
}
