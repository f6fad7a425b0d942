/**
 * Puts an outgoing message of an email conversation in the outbox, once (the outbox row is unique
 * per message: a redelivered event finds it and changes nothing). In the same transaction: the
 * mail's Message-ID joins the inbox's threading map (direction out), so the customer's reply finds
 * the conversation, and the message shows `pending`.
 */
import type { CommandContext } from '../../../core/commands/context.ts';
import type { Executor } from '../../../core/db/client.ts';
import { newId } from '../../../core/lib/ids.ts';
import { parseJson } from '../../../core/presenters/index.ts';
import { recordMessageId } from '../store/message-ids.ts';
import { messageIdFor } from './headers.ts';
import { showDelivery } from './message-delivery.ts';
import { type OutboxRow, outboxByMessage } from './outbox.ts';

export interface QueueMailInput {
  messageId: string;
  conversationId: string;
  inboxId: string;
  /** Bot, auto-reply, CSAT, rules: marked as automatic mail, never sent to a bounced address. */
  automatic: boolean;
  /** An address of the sending domain (the inbox's own, else the relay's From), for the Message-ID. */
  domainAddress: string;
}

/** The customer's address: their last mail's From, else the contact's email (or email identity). */
export async function recipientOf(
  db: Executor,
  accountId: string,
  conversationId: string,
): Promise<string | null> {
  const incoming = await db
    .selectFrom('messages')
    .select('content_attributes')
    .where('account_id', '=', accountId)
    .where('conversation_id', '=', conversationId)
    .where('message_type', '=', 'incoming')
    .orderBy('seq', 'desc')
    .limit(5)
    .execute();
  for (const m of incoming) {
    const from = parseJson<{ email?: { from?: unknown } }>(m.content_attributes, {}).email?.from;
    if (typeof from === 'string' && from.includes('@')) return from;
  }
  const contact = await db
    .selectFrom('conversations as c')
    .innerJoin('contacts as ct', 'ct.id', 'c.contact_id')
    .select(['ct.id', 'ct.email'])
    .where('c.account_id', '=', accountId)
    .where('c.id', '=', conversationId)
    .executeTakeFirst();
  if (!contact) return null;
  if (contact.email) return contact.email.toLowerCase();
  const identity = await db
    .selectFrom('contact_identities')
    .select('value')
    .where('contact_id', '=', contact.id)
    .where('kind', '=', 'email')
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  return identity?.value ?? null;
}

export async function queueMail(ctx: CommandContext, input: QueueMailInput): Promise<OutboxRow> {
  const existing = await outboxByMessage(ctx.tx, input.messageId);
  if (existing) return existing;
  const recipient = await recipientOf(ctx.tx, ctx.accountId, input.conversationId);
  const row: OutboxRow = {
    id: newId(ctx.now),
    account_id: ctx.accountId,
    inbox_id: input.inboxId,
    conversation_id: input.conversationId,
    message_id: input.messageId,
    state: recipient ? 'pending' : 'failed',
    automatic: input.automatic ? 1 : 0,
    recipient: recipient ?? '',
    rfc_message_id: messageIdFor(input.messageId, input.domainAddress),
    attempts: 0,
    next_attempt_at: recipient ? ctx.now : null,
    claimed_until: null,
    last_response: null,
    last_code: recipient ? null : 'contact_has_no_email',
    warning: null,
    created_at: ctx.now,
    updated_at: ctx.now,
    sent_at: null,
  };
  const inserted = await ctx.tx
    .insertInto('email_outbox')
    .values(row)
    .onConflict((oc) => oc.column('message_id').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) return (await outboxByMessage(ctx.tx, input.messageId)) as OutboxRow; // a concurrent run won
  await recordMessageId(ctx.tx, {
    accountId: ctx.accountId,
    inboxId: input.inboxId,
    messageId: row.rfc_message_id,
    conversationId: input.conversationId,
    kefuMessageId: input.messageId,
    direction: 'out',
    createdAt: ctx.now,
  });
  await showDelivery(ctx, row);
  return row;
}
