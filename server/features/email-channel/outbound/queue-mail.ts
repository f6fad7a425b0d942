/**
 * Puts an outgoing message of an email conversation in the outbox, once (the outbox row is unique
 * per message: a redelivered event finds it and changes nothing). In the same transaction: the
 * mail's Message-ID and subject join the inbox's threading map (direction out) and the recipient
 * the conversation's participants, so the customer's reply finds the conversation; the message
 * shows `pending` and the subject it will be sent with.
 */
import type { CommandContext } from '../../../core/commands/context.ts';
import type { Executor } from '../../../core/db/client.ts';
import { newId } from '../../../core/lib/ids.ts';
import { parseJson } from '../../../core/presenters/index.ts';
import { recordMessageId } from '../store/message-ids.ts';
import { addParticipants } from '../store/participants.ts';
import { messageIdFor } from './headers.ts';
import { showDelivery } from './message-delivery.ts';
import { type OutboxRow, outboxByMessage } from './outbox.ts';
import { outgoingSubject } from './subject.ts';

export interface QueueMailInput {
  messageId: string;
  conversationId: string;
  inboxId: string;
  /** Bot, auto-reply, CSAT, rules: marked as automatic mail, never sent to a bounced address. */
  automatic: boolean;
  /** An address of the sending domain (the inbox's own, else the relay's From), for the Message-ID. */
  domainAddress: string;
}

type Address = { address?: unknown } | string | null | undefined;
const addressOf = (a: Address): string | null => {
  const v = typeof a === 'string' ? a : a?.address;
  return typeof v === 'string' && v.includes('@') ? v.trim().toLowerCase() : null;
};

/** Where the customer's mail asked replies to go: its Reply-To, else its From. */
export function replyAddressOf(attributes: string): string | null {
  const email = parseJson<{ email?: { replyTo?: Address[]; from?: Address } }>(
    attributes,
    {},
  ).email;
  return addressOf(email?.replyTo?.[0]) ?? addressOf(email?.from);
}

/** The customer's address: their last mail's Reply-To or From, else the contact's email (identity). */
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
    const address = replyAddressOf(m.content_attributes);
    if (address) return address;
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
  const message = await ctx.tx
    .selectFrom('messages')
    .select('content_attributes')
    .where('id', '=', input.messageId)
    .executeTakeFirst();
  const subject = await outgoingSubject(ctx.tx, {
    accountId: ctx.accountId,
    conversationId: input.conversationId,
    attributes: message?.content_attributes ?? '{}',
  });
  await recordMessageId(ctx.tx, {
    accountId: ctx.accountId,
    inboxId: input.inboxId,
    messageId: row.rfc_message_id,
    conversationId: input.conversationId,
    kefuMessageId: input.messageId,
    direction: 'out',
    subject,
    createdAt: ctx.now,
  });
  // the customer's answer comes from this address: threading checks the sender against them
  if (recipient)
    await addParticipants(ctx.tx, {
      accountId: ctx.accountId,
      inboxId: input.inboxId,
      conversationId: input.conversationId,
      addresses: [recipient],
      now: ctx.now,
    });
  await showDelivery(ctx, row, { subject });
  return row;
}
