/**
 * Stores one parsed inbound mail in one transaction: idempotency key, contact, threading,
 * the message (with its events), its Message-ID for later replies.
 */
import type { CommandContext } from '../../../core/commands/context.ts';
import { findOrCreateContact } from '../../../core/commands/contacts.ts';
import {
  appendMessage,
  findConversation,
  labelsOf,
} from '../../../core/commands/lib/conversations.ts';
import { openConversation } from '../../../core/commands/receive-message.ts';
import type { Conversation } from '../../../core/db/types.ts';
import { newId } from '../../../core/lib/ids.ts';
import { presentConversation, presentMessage } from '../../../core/presenters/index.ts';
import { findThreadByMessageIds, recordMessageId } from '../store/message-ids.ts';
import type { IngestResult, IngestSource } from '../ingest/ingest.ts';

export interface StoreMailInput {
  inboxId: string;
  source: IngestSource;
  dedupeKey: string;
  rfcMessageId: string | null;
  references: string[];
  from: string;
  fromName: string | null;
  text: string;
  attributes: Record<string, unknown>;
}

export async function storeMail(ctx: CommandContext, input: StoreMailInput): Promise<IngestResult> {
  const existing = await ctx.tx
    .selectFrom('email_inbound_keys')
    .selectAll()
    .where('inbox_id', '=', input.inboxId)
    .where('dedupe_key', '=', input.dedupeKey)
    .executeTakeFirst();
  if (existing && existing.status !== 'failed' && existing.status !== 'pending')
    return {
      status: 'duplicate',
      conversationId: existing.conversation_id ?? undefined,
      messageId: existing.message_id ?? undefined,
    };
  const { contact } = await findOrCreateContact(ctx, {
    identity: { kind: 'email', value: input.from },
    name: input.fromName,
    email: input.from,
  });
  const conversation = await threadOrOpen(ctx, input, contact.id);
  const { message, conversation: updated } = await appendMessage(
    ctx.tx,
    conversation,
    {
      type: 'incoming',
      senderType: 'contact',
      senderId: contact.id,
      content: input.text,
      attributes: input.attributes,
      idempotencyKey: `email:${input.inboxId}:${input.dedupeKey}`,
      status: 'sent',
    },
    ctx.now,
    {
      status: 'open',
      last_incoming_at: ctx.now,
      waiting_since: conversation.waiting_since ?? ctx.now,
    },
  );
  const dto = presentConversation(updated, await labelsOf(ctx.tx, updated.id));
  await ctx.events.record(
    'message.created',
    { message: presentMessage(message), conversation: dto },
    updated.id,
  );
  if (input.rfcMessageId)
    await recordMessageId(ctx.tx, {
      accountId: ctx.accountId,
      inboxId: input.inboxId,
      messageId: input.rfcMessageId,
      conversationId: updated.id,
      kefuMessageId: message.id,
      direction: 'in',
      createdAt: ctx.now,
    });
  await ctx.tx
    .insertInto('email_inbound_keys')
    .values({
      id: newId(ctx.now),
      account_id: ctx.accountId,
      inbox_id: input.inboxId,
      dedupe_key: input.dedupeKey,
      status: 'stored',
      attempts: 1,
      last_error: null,
      source: input.source,
      conversation_id: updated.id,
      message_id: message.id,
      created_at: ctx.now,
      updated_at: ctx.now,
    })
    .execute();
  return { status: 'stored', conversationId: updated.id, messageId: message.id };
}

async function threadOrOpen(
  ctx: CommandContext,
  input: StoreMailInput,
  contactId: string,
): Promise<Conversation> {
  const hits = await findThreadByMessageIds(ctx.tx, input.inboxId, input.references);
  for (const hit of hits) {
    const c = await findConversation(ctx.tx, ctx.accountId, hit.conversationId);
    if (c && c.contact_id === contactId && c.status !== 'closed') return c;
  }
  return openConversation(ctx, input.inboxId, contactId);
}
