/**
 * Appends one mail to a conversation (allocating its seq), with its attachment rows and events, and
 * records what later mail threads by: its Message-ID, the conversation's participants, its raw mail.
 * A customer's mail reopens a resolved, pending or snoozed conversation; automatic mail and the
 * team's notes never change the conversation's status.
 */
import type { CommandContext } from '../../../core/commands/context.ts';
import { appendMessage, labelsOf } from '../../../core/commands/lib/conversations.ts';
import { filterIncomingContent } from '../../../core/kit/content-filter-registry.ts';
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
  const filtered =
    type === 'incoming' && a.sender.type === 'contact' && a.sender.id
      ? await filterMail(ctx, a, a.sender.id)
      : { content: a.message.content, attributes: a.message.attributes, afterStore: [] };
  const { message, conversation } = await appendMessage(
    ctx.tx,
    c,
    {
      type,
      senderType: a.sender.type,
      senderId: a.sender.id,
      content: filtered.content,
      attributes: filtered.attributes,
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
  for (const after of filtered.afterStore) await after(ctx, message);
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

/**
 * A customer's mail passes the core's content filters like every channel's message (redaction masks
 * card and ID numbers, secrets): the visible reply, and the quoted part and signature each on their
 * own. When anything was masked the stored HTML copy is dropped (it would hold the original); the
 * encrypted raw mail keeps it, like the encrypted original of any message.
 */
async function filterMail(ctx: CommandContext, a: AppendMail, contactId: string) {
  const base = { inboxId: a.inboxId, contactId };
  const main = await filterIncomingContent(ctx, {
    ...base,
    content: a.message.content,
    attributes: a.message.attributes,
  });
  const attributes = main.attributes ?? a.message.attributes;
  const email = { ...((attributes.email ?? {}) as Record<string, unknown>) };
  let changed = main.content !== a.message.content;
  for (const part of ['quoted', 'signature'] as const) {
    const text = email[part];
    if (typeof text !== 'string' || !text) continue;
    const f = await filterIncomingContent(ctx, { ...base, content: text });
    if (f.content !== text) {
      email[part] = f.content;
      changed = true;
    }
  }
  if (changed && email.html) {
    email.html = null;
    email.htmlRedacted = true;
  }
  return {
    content: main.content,
    attributes: { ...attributes, email },
    afterStore: main.afterStore,
  };
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
