/**
 * The delivery table as the worker uses it: claim due deliveries (a conditional update, so two
 * workers never attempt one delivery at once; a claim is a lease that runs out if the worker dies),
 * read the inbox's webhook at attempt time, and record how an attempt ended.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../../core/db/types.ts';
import { afterFailure, type DeliveryPolicy } from '../domain/policy.ts';
import type { ApiChannelDeliveriesTable } from '../tables.ts';

export type DeliveryRow = ApiChannelDeliveriesTable;

/** Claims up to `limit` pending deliveries due at `at` (oldest due first). */
export async function claimDue(
  db: Kysely<DB>,
  at: number,
  leaseMs: number,
  limit: number,
): Promise<DeliveryRow[]> {
  const due = await db
    .selectFrom('api_channel_deliveries')
    .select('id')
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', at)
    .orderBy('next_attempt_at')
    .limit(limit)
    .execute();
  if (!due.length) return [];
  return claim(
    db,
    due.map((d) => d.id),
    at,
    at,
    leaseMs,
  );
}

/** Claims the given deliveries if they are still pending and due at `dueAt` (a concurrent claim pushed them later). */
export async function claim(
  db: Kysely<DB>,
  ids: string[],
  dueAt: number,
  at: number,
  leaseMs: number,
): Promise<DeliveryRow[]> {
  // The conditions are repeated on the updated rows: on PostgreSQL a concurrent claim of the same
  // row makes this one wait, then re-check them, and skip the row.
  return db
    .updateTable('api_channel_deliveries')
    .set({ next_attempt_at: at + leaseMs, updated_at: at })
    .where('id', 'in', ids)
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', dueAt)
    .returningAll()
    .execute();
}

/** The inbox's webhook now: URL and sealed secrets (the previous one while its grace lasts). */
export async function webhookTarget(db: Kysely<DB>, inboxId: string, at: number) {
  const row = await db
    .selectFrom('api_channel_inboxes')
    .select(['webhook_url', 'webhook_secret', 'webhook_previous_secret', 'webhook_previous_until'])
    .where('inbox_id', '=', inboxId)
    .executeTakeFirst();
  if (!row?.webhook_url || !row.webhook_secret) return null;
  const sealed = [row.webhook_secret];
  if (row.webhook_previous_secret && Number(row.webhook_previous_until ?? 0) > at)
    sealed.push(row.webhook_previous_secret);
  return { url: row.webhook_url, sealed };
}

export interface AttemptOutcome {
  ok: boolean;
  status: number | null;
  error: string | null;
  /** Give up at once (nothing to send to, a secret that no longer opens): dead without more attempts. */
  final?: boolean;
}

/** Records an attempt of a claimed delivery: delivered, due again after the backoff, or dead. */
export async function recordAttempt(
  db: Kysely<DB>,
  row: DeliveryRow,
  outcome: AttemptOutcome,
  at: number,
  policy: DeliveryPolicy,
): Promise<DeliveryRow | undefined> {
  const attempts = Number(row.attempts) + 1;
  const next = outcome.ok
    ? { status: 'delivered' as const, nextAttemptAt: at }
    : outcome.final
      ? { status: 'dead' as const, nextAttemptAt: at }
      : afterFailure(attempts, at, policy);
  return db
    .updateTable('api_channel_deliveries')
    .set({
      status: next.status,
      attempts,
      next_attempt_at: next.nextAttemptAt,
      last_attempt_at: at,
      last_error: outcome.error,
      last_status: outcome.status,
      delivered_at: outcome.ok ? at : null,
      updated_at: at,
    })
    .where('id', '=', row.id)
    .where('status', '=', 'pending')
    .returningAll()
    .executeTakeFirst();
}
