/**
 * The outbox's reads and its claim. A delivery attempt first claims its row for a lease (one
 * UPDATE … WHERE unclaimed): concurrent runs — a redelivered event, the retry timer, another node —
 * find it taken, so a message is sent by one attempt at a time and never again once sent.
 */
import type { Selectable } from 'kysely';
import type { Executor } from '../../../core/db/client.ts';
import type { EmailOutboxTable, OutboxState } from './tables.ts';

export type OutboxRow = Selectable<EmailOutboxTable>;

/** States a delivery attempt may still take. */
export const OPEN_STATES: readonly OutboxState[] = ['pending', 'deferred'];

export function outboxByMessage(db: Executor, messageId: string): Promise<OutboxRow | undefined> {
  return db
    .selectFrom('email_outbox')
    .selectAll()
    .where('message_id', '=', messageId)
    .executeTakeFirst();
}

export function outboxById(
  db: Executor,
  id: string,
  accountId?: string,
): Promise<OutboxRow | undefined> {
  let q = db.selectFrom('email_outbox').selectAll().where('id', '=', id);
  if (accountId) q = q.where('account_id', '=', accountId);
  return q.executeTakeFirst();
}

/** Takes the row for `leaseMs` when it is open, due and not taken; true when this caller got it. */
export async function claimOutbox(
  db: Executor,
  id: string,
  now: number,
  leaseMs: number,
): Promise<boolean> {
  const r = await db
    .updateTable('email_outbox')
    .set({ claimed_until: now + leaseMs })
    .where('id', '=', id)
    .where('state', 'in', [...OPEN_STATES])
    .where('next_attempt_at', '<=', now)
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Ids of open rows that are due and not taken, oldest due first. */
export async function dueOutbox(db: Executor, now: number, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('email_outbox')
    .select('id')
    .where('state', 'in', [...OPEN_STATES])
    .where('next_attempt_at', '<=', now)
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
    .orderBy('next_attempt_at')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/** The account's rows in one state, newest change first (the admins' list of failed mail). */
export function listOutbox(
  db: Executor,
  accountId: string,
  state: OutboxState,
  limit: number,
): Promise<OutboxRow[]> {
  return db
    .selectFrom('email_outbox')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('state', '=', state)
    .orderBy('updated_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}
