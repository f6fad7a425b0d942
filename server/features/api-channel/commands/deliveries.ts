/** Webhook deliveries as commands: enqueue one per (inbox webhook, subject), and an admin's redelivery. */
import type { CommandContext } from '../../../core/commands/context.ts';
import { conflict, notFound } from '../../../core/errors.ts';
import { pathId } from '../../../core/http/schemas.ts';
import { newId } from '../../../core/lib/ids.ts';
import { authorize } from '../../../core/policies/can.ts';
import { apiInboxOf } from '../store/inbox.ts';
import type { ApiChannelDeliveriesTable } from '../tables.ts';

export interface EnqueueInput {
  inboxId: string;
  /** The idempotency key within the inbox: `message:<id>` or `event:<id>`. */
  subject: string;
  eventType: string;
  conversationId: string | null;
  messageId: string | null;
  /** The body, given the delivery's id (it is part of the body). */
  payload: (deliveryId: string) => unknown;
}

/** Stores a pending delivery, due now; nothing when this subject already has one (at-least-once events). */
export async function enqueueDelivery(
  ctx: CommandContext,
  input: EnqueueInput,
): Promise<string | null> {
  const id = newId(ctx.now);
  const r = await ctx.tx
    .insertInto('api_channel_deliveries')
    .values({
      id,
      account_id: ctx.accountId,
      inbox_id: input.inboxId,
      subject: input.subject,
      event_type: input.eventType,
      conversation_id: input.conversationId,
      message_id: input.messageId,
      payload: JSON.stringify(input.payload(id)),
      status: 'pending',
      attempts: 0,
      next_attempt_at: ctx.now,
      last_attempt_at: null,
      last_error: null,
      last_status: null,
      delivered_at: null,
      created_at: ctx.now,
      updated_at: ctx.now,
    })
    .onConflict((oc) => oc.columns(['inbox_id', 'subject']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return r?.id ?? null;
}

/** Makes a dead delivery pending again with a fresh set of attempts, due now. */
export async function redeliver(
  ctx: CommandContext,
  input: { inboxId: string; deliveryId: string },
): Promise<ApiChannelDeliveriesTable> {
  authorize(ctx.actor, 'inbox.manage');
  const inboxId = await apiInboxOf(ctx.tx, ctx.accountId, input.inboxId);
  const id = pathId(input.deliveryId);
  const row = id
    ? await ctx.tx
        .selectFrom('api_channel_deliveries')
        .selectAll()
        .where('account_id', '=', ctx.accountId)
        .where('inbox_id', '=', inboxId)
        .where('id', '=', id)
        .executeTakeFirst()
    : undefined;
  if (!row) throw notFound('delivery');
  if (row.status !== 'dead')
    throw conflict('delivery_not_dead', 'Only a dead delivery can be redelivered.');
  const webhook = await ctx.tx
    .selectFrom('api_channel_inboxes')
    .select('webhook_url')
    .where('inbox_id', '=', inboxId)
    .executeTakeFirst();
  if (!webhook?.webhook_url) throw conflict('webhook_not_configured', 'Set a webhook URL first.');
  return ctx.tx
    .updateTable('api_channel_deliveries')
    .set({ status: 'pending', attempts: 0, next_attempt_at: ctx.now, updated_at: ctx.now })
    .where('id', '=', row.id)
    .where('status', '=', 'dead')
    .returningAll()
    .executeTakeFirstOrThrow();
}
