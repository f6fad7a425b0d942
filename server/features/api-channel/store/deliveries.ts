/** Reads for Settings: an inbox's deliveries (newest first, optionally one status) and their counts. */
import type { Executor } from '../../../core/db/client.ts';
import { iso } from '../../../core/presenters/index.ts';
import type { DeliveryDTO } from '../schemas.ts';
import type { ApiChannelDeliveriesTable, DeliveryStatus } from '../tables.ts';

export function presentDelivery(d: ApiChannelDeliveriesTable): DeliveryDTO {
  return {
    id: d.id,
    type: d.event_type,
    status: d.status,
    conversationId: d.conversation_id,
    messageId: d.message_id,
    attempts: Number(d.attempts),
    nextAttemptAt: d.status === 'pending' ? iso(d.next_attempt_at) : null,
    lastAttemptAt: iso(d.last_attempt_at),
    lastError: d.last_error,
    lastStatus: d.last_status === null ? null : Number(d.last_status),
    deliveredAt: iso(d.delivered_at),
    createdAt: iso(d.created_at)!,
  };
}

export async function listDeliveries(
  db: Executor,
  q: {
    accountId: string;
    inboxId: string;
    status?: DeliveryStatus;
    before?: string;
    limit: number;
  },
): Promise<{ data: DeliveryDTO[]; hasMore: boolean }> {
  let query = db
    .selectFrom('api_channel_deliveries')
    .selectAll()
    .where('account_id', '=', q.accountId)
    .where('inbox_id', '=', q.inboxId);
  if (q.status) query = query.where('status', '=', q.status);
  if (q.before) query = query.where('id', '<', q.before);
  const rows = await query
    .orderBy('id', 'desc')
    .limit(q.limit + 1)
    .execute();
  return { data: rows.slice(0, q.limit).map(presentDelivery), hasMore: rows.length > q.limit };
}

export async function deliveryCounts(db: Executor, accountId: string, inboxId: string) {
  const rows = await db
    .selectFrom('api_channel_deliveries')
    .select(['status', (eb) => eb.fn.countAll().as('n')])
    .where('account_id', '=', accountId)
    .where('inbox_id', '=', inboxId)
    .where('status', 'in', ['pending', 'dead'])
    .groupBy('status')
    .execute();
  const count = (s: string) => Number(rows.find((r) => r.status === s)?.n ?? 0);
  return { pending: count('pending'), dead: count('dead') };
}
