/**
 * The callback's only write, before `success` is answered: the delivery, sealed, in the durable
 * inbound table, once per (inbox, dedupe key) — the platform's retries of one message find it and
 * write nothing — and, for a new one, the event the inbound processor runs from (same transaction).
 */
import type { CommandContext } from '../../../core/commands/context.ts';
import { newId } from '../../../core/lib/ids.ts';

export interface AcceptInput {
  inboxId: string;
  dedupeKey: string;
  openId: string;
  msgType: string;
  rawSealed: string;
}

export async function acceptCallback(
  ctx: CommandContext,
  input: AcceptInput,
): Promise<{ inboundId: string | null; duplicate: boolean }> {
  const id = newId(ctx.now);
  const r = await ctx.tx
    .insertInto('wechat_inbound')
    .values({
      id,
      account_id: ctx.accountId,
      inbox_id: input.inboxId,
      dedupe_key: input.dedupeKey,
      open_id: input.openId,
      msg_type: input.msgType.slice(0, 40),
      raw_sealed: input.rawSealed,
      status: 'pending',
      attempts: 0,
      last_error: null,
      message_id: null,
      created_at: ctx.now,
      processed_at: null,
    })
    .onConflict((oc) => oc.columns(['inbox_id', 'dedupe_key']).doNothing())
    .executeTakeFirst();
  if (Number(r.numInsertedOrUpdatedRows ?? 0n) === 0) return { inboundId: null, duplicate: true };
  await ctx.events.record('wechat.inbound_received', {
    inboxId: input.inboxId,
    inboundId: id,
    audience: 'admins',
  });
  return { inboundId: id, duplicate: false };
}
