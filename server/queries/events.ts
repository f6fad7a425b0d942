/** Reading the outbox as an account's event log (resume after reconnect). */
import type { Executor } from '../db/client.ts';
import { eventFromRow } from '../events/recorder.ts';
import type { DomainEvent } from '../events/catalog.ts';

/**
 * Events with id > after. Ids from a sequence can commit slightly out of order under concurrency
 * (PostgreSQL), so events created up to `graceMs` before the cursor event are included as well;
 * clients drop ids they already applied.
 */
export async function eventsSince(db: Executor, accountId: string, after: number, limit: number, graceMs = 5_000)
  : Promise<{ events: DomainEvent[]; resync: boolean; cursor: number }> {
  const anchor = after > 0
    ? await db.selectFrom('events').select('created_at').where('id', '=', after).where('account_id', '=', accountId).executeTakeFirst()
    : undefined;
  if (after > 0 && !anchor) {
    const newest = await db.selectFrom('events').select('id').where('account_id', '=', accountId).orderBy('id', 'desc').limit(1).executeTakeFirst();
    return { events: [], resync: true, cursor: Number(newest?.id ?? 0) };
  }
  let q = db.selectFrom('events').selectAll().where('account_id', '=', accountId);
  q = anchor ? q.where((eb) => eb.or([eb('id', '>', after), eb('created_at', '>=', Number(anchor.created_at) - graceMs)])) : q.where('id', '>', after);
  const rows = await q.orderBy('id').limit(limit + 1).execute();
  const events = rows.filter((r) => Number(r.id) !== after).slice(0, limit).map(eventFromRow);
  const cursor = events.length ? events[events.length - 1].id : after;
  return { events: rows.length > limit ? [] : events, resync: rows.length > limit, cursor: rows.length > limit ? Number(rows[rows.length - 1].id) : cursor };
}
