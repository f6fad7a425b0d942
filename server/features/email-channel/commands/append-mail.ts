/**
 * Appends one mail to a conversation (allocating its seq), with its attachment rows and events, and
 * records what later mail threads by: its Message-ID, the conversation's participants, its raw mail.
 * A customer's mail reopens a resolved, pending or snoozed conversation; automatic mail and the
 * team's notes never change the conversation's status.
 */
import type { CommandContext } from '../../../core/commands/context.ts';
import { appendMessage, labelsOf } from '../../../core/commands/lib/conversations.ts';
import type { Conversation, ConversationUpdate, Message } from '../../../core/db/types.ts';
import { parseJson, presentConversation, presentMessage } from '../../../core/presenters/index.ts';
import type { MailMessage } from '../domain/message-attributes.ts';
import { insertParts, type StoredPart } from '../store/attachments.ts';
import { recordMessageId } from '../store/message-ids.ts';
import { addParticipants } from '../store/participants.ts';
import { recordRawMail } from '../store/raw-mail.ts';

export interface AppendMail {
  inboxId: string;
  conversation: Conversation;
  kind: 'customer' | 'automatic' | 'team_note' | 'activity';
  sender: { type: 'contact' | 'user' | 'system'; id: string | null };
  message: MailMessage;
  parts: StoredPart[];
  rfcMessageId: string | null;
  subject: string;
  participants: string[];
  raw: { storageKey: string; dataKey: Buffer; size: number; contactId: string } | null;
  idempotencyKey: string;
  secret: string;
  /** Set on a conversation this mail opened (its subject, for lists). */
  newConversation: boolean;
}

export async function appendMail(ctx: CommandContext, a: AppendMail): Promise<Message> {
  const c = a.conversation;
  const reopen = a.kind === 'customer' && c.status !== 'open';
  const also: ConversationUpdate = {
    ...(a.kind === 'customer' || a.kind === 'automatic' ? { last_incoming_at: ctx.now } : {}),
    ...(a.kind === 'customer'
      ? { status: 'open', snoozed_until: null, waiting_since: c.waiting_since ?? ctx.now }
      : {}),
    ...(reopen ? { resolved_at: null } : {}),
    ...(a.newConversation
      ? {
          custom_attributes: JSON.stringify({
            ...parseJson(c.custom_attributes, {}),
            email: { subject: a.subject },
          }),
        }
      : {}),
  };
  const type = a.kind === 'team_note' ? 'note' : a.kind === 'activity' ? 'activity' : 'incoming';
  const { message, conversation } = await appendMessage(
    ctx.tx,
    c,
    {
      type,
      senderType: a.sender.type,
      senderId: a.sender.id,
      content: a.message.content,
      attributes: a.message.attributes,
      idempotencyKey: a.idempotencyKey,
      status: 'sent',
    },
    ctx.now,
    also,
  );
  const rows = await insertParts(ctx.tx, {
    accountId: ctx.accountId,
    messageId: message.id,
    contactId: a.raw?.contactId ?? a.sender.id ?? 'system',
    parts: a.parts,
    now: ctx.now,
  });
  await recordThreading(ctx, a, conversation.id, message.id);
  const dto = presentConversation(conversation, await labelsOf(ctx.tx, conversation.id));
  if (reopen && c.last_seq > 0)
    await ctx.events.record(
      'conversation.status_changed',
      { conversation: dto, previousStatus: c.status },
      conversation.id,
    );
  await ctx.events.record(
    'message.created',
    { message: presentMessage(message, rows), conversation: dto },
    conversation.id,
  );
  return message;
}

async function recordThreading(
  ctx: CommandContext,
  a: AppendMail,
  conversationId: string,
  messageId: string,
): Promise<void> {
  if (a.rfcMessageId)
    await recordMessageId(ctx.tx, {
      accountId: ctx.accountId,
      inboxId: a.inboxId,
      messageId: a.rfcMessageId,
      conversationId,
      kefuMessageId: messageId,
      direction: 'in',
      subject: a.subject,
      createdAt: ctx.now,
    });
  await addParticipants(ctx.tx, {
    accountId: ctx.accountId,
    inboxId: a.inboxId,
    conversationId,
    addresses: a.participants,
    now: ctx.now,
  });
  if (a.raw)
    await recordRawMail(ctx.tx, a.secret, {
      accountId: ctx.accountId,
      contactId: a.raw.contactId,
      messageId,
      storageKey: a.raw.storageKey,
      dataKey: a.raw.dataKey,
      size: a.raw.size,
      now: ctx.now,
    });
}
