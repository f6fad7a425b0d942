/**
 * An agent writes to a customer first: the contact (found or created by email address), a new
 * conversation in the email inbox, and the first mail with the subject the agent chose — all in one
 * transaction, idempotent on the agent's client message id. The outbox takes it from there like any
 * reply (the `message.created` event).
 */
import type { CommandContext } from '../../../core/commands/context.ts';
import { findOrCreateContact } from '../../../core/commands/contacts.ts';
import {
  findByIdempotencyKey,
  loadConversation,
} from '../../../core/commands/lib/conversations.ts';
import { openConversation } from '../../../core/commands/receive-message.ts';
import { sendMessage } from '../../../core/commands/send-message.ts';
import type { Conversation, Message } from '../../../core/db/types.ts';
import { forbidden, notFound } from '../../../core/errors.ts';
import { authorize } from '../../../core/policies/can.ts';
import { visibilityOf } from '../../../core/policies/visibility.ts';
import { cleanSubject } from './headers.ts';
import { loadEmailInbox } from './inbox.ts';

export interface StartEmailInput {
  inboxId: string;
  to: string;
  name: string | null;
  subject: string;
  content: string;
  clientMessageId?: string;
  attachmentIds?: string[];
}

export async function startEmailConversation(
  ctx: CommandContext,
  input: StartEmailInput,
): Promise<{ conversation: Conversation; message: Message; duplicate: boolean }> {
  const actor = ctx.actor;
  if (actor.kind !== 'user') throw forbidden();
  authorize(actor, 'message.send');
  if (input.clientMessageId) {
    const key = `user:${actor.userId}:${input.clientMessageId}`;
    const existing = await findByIdempotencyKey(ctx.tx, ctx.accountId, key);
    if (existing)
      return {
        message: existing,
        conversation: await loadConversation(ctx.tx, ctx.accountId, existing.conversation_id),
        duplicate: true,
      };
  }
  const inbox = await loadEmailInbox(ctx.tx, ctx.accountId, input.inboxId);
  const v = await visibilityOf(ctx.tx, actor);
  if (v.restricted && !v.inboxIds.includes(inbox.id)) throw notFound('inbox');
  const to = input.to.trim().toLowerCase();
  const { contact } = await findOrCreateContact(ctx, {
    identity: { kind: 'email', value: to },
    name: input.name,
    email: to,
  });
  const conversation = await openConversation(ctx, inbox.id, contact.id);
  const sent = await sendMessage(ctx, {
    conversationId: conversation.id,
    content: input.content,
    clientMessageId: input.clientMessageId,
    attachmentIds: input.attachmentIds,
    attributes: { email: { subject: cleanSubject(input.subject), to, started: true } },
  });
  return { conversation: sent.conversation, message: sent.message, duplicate: false };
}
