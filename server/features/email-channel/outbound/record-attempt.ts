/**
 * The end of one delivery attempt, and an admin's retry, written to the outbox row and shown on
 * the message (message-delivery.ts). Each is a command: one transaction, `message.updated` recorded.
 */
import type { CommandContext } from '../../../core/commands/context.ts';
import { conflict, notFound } from '../../../core/errors.ts';
import { authorize } from '../../../core/policies/can.ts';
import { showDelivery } from './message-delivery.ts';
import { type OutboxRow, outboxById } from './outbox.ts';
import { recipientOf } from './queue-mail.ts';
import type { DeliveryCode } from './strings.ts';

export type AttemptOutcome =
  | { kind: 'sent'; response: string; warning: DeliveryCode | null }
  | { kind: 'deferred'; code: DeliveryCode; response: string; nextAttemptAt: number }
  | { kind: 'failed'; code: DeliveryCode; response: string };

export interface RecordAttemptInput {
  outboxId: string;
  outcome: AttemptOutcome;
  /** false when nothing was sent to a relay (not configured, suppressed): attempts stay as they were. */
  tried: boolean;
}

export async function recordAttempt(
  ctx: CommandContext,
  input: RecordAttemptInput,
): Promise<OutboxRow | null> {
  const current = await outboxById(ctx.tx, input.outboxId, ctx.accountId);
  if (!current) return null;
  const o = input.outcome;
  const row: OutboxRow = {
    ...current,
    state: o.kind,
    attempts: Number(current.attempts) + (input.tried ? 1 : 0),
    next_attempt_at: o.kind === 'deferred' ? o.nextAttemptAt : null,
    claimed_until: null,
    last_response: o.response || null,
    last_code: o.kind === 'sent' ? null : o.code,
    warning: o.kind === 'sent' ? o.warning : current.warning,
    updated_at: ctx.now,
    sent_at: o.kind === 'sent' ? ctx.now : current.sent_at,
  };
  const { id, ...changes } = row;
  await ctx.tx.updateTable('email_outbox').set(changes).where('id', '=', id).execute();
  await showDelivery(ctx, row);
  return row;
}

/** An admin sends a failed (or bounced) mail again: back to pending, due now, attempts from zero. */
export async function retryOutbox(
  ctx: CommandContext,
  input: { outboxId: string },
): Promise<OutboxRow> {
  authorize(ctx.actor, 'inbox.manage');
  const current = await outboxById(ctx.tx, input.outboxId, ctx.accountId);
  if (!current) throw notFound('mail');
  if (current.state !== 'failed' && current.state !== 'bounced')
    throw conflict('email_not_retryable', 'Only a failed or bounced mail can be sent again.');
  // the contact may have an address by now (the failure was `contact_has_no_email`)
  const recipient =
    current.recipient || (await recipientOf(ctx.tx, ctx.accountId, current.conversation_id));
  const row: OutboxRow = {
    ...current,
    recipient: recipient ?? '',
    state: 'pending',
    attempts: 0,
    next_attempt_at: ctx.now,
    claimed_until: null,
    updated_at: ctx.now,
  };
  const { id, ...changes } = row;
  await ctx.tx.updateTable('email_outbox').set(changes).where('id', '=', id).execute();
  await showDelivery(ctx, row);
  return row;
}

/**
 * A delivery report came back for a mail we sent (for the inbound half's bounce handling, inside
 * its own command): the mail's row becomes `bounced` with the report's diagnostic, and the
 * message shows `failed`. Unknown or not-yet-sent messages are left alone; returns whether it changed.
 */
export async function markBounced(
  ctx: CommandContext,
  input: { kefuMessageId: string; diagnostic: string | null },
): Promise<boolean> {
  const current = await ctx.tx
    .selectFrom('email_outbox')
    .selectAll()
    .where('account_id', '=', ctx.accountId)
    .where('message_id', '=', input.kefuMessageId)
    .executeTakeFirst();
  if (!current || current.state !== 'sent') return false;
  const row: OutboxRow = {
    ...current,
    state: 'bounced',
    last_code: 'email_bounced',
    last_response: input.diagnostic?.slice(0, 1000) || current.last_response,
    updated_at: ctx.now,
  };
  const { id, ...changes } = row;
  await ctx.tx.updateTable('email_outbox').set(changes).where('id', '=', id).execute();
  await showDelivery(ctx, row);
  return true;
}
