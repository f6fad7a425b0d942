/** Reading the outbox as an account's event log (resume after reconnect). */
import type { Executor } from '../db/client.ts';
import { eventFromRow } from '../events/recorder.ts';
import type { DomainEvent } from '../events/catalog.ts';
import {
  forAdminsOnly,
  isAdminRole,
  type Visibility,
  unscopedEventFor,
  visibleIds,
} from '../policies/visibility.ts';

export interface EventsSinceOptions {
  /** Window events (ids below the cursor) are at most this much older than the cursor event. */
  graceMs?: number;
  /** …and at most this many, the ones closest below the cursor. */
  graceCount?: number;
}

export interface EventsSinceResult {
  events: DomainEvent[];
  resync: boolean;
  cursor: number;
}

/**
 * The events with id > after (at most `limit`; more answers `resync: true` with the newest id as
 * the cursor), preceded by the "window": events just below the cursor that may have committed after
 * it. Ids come from a sequence and can commit out of order under concurrency (PostgreSQL), so a
 * client that saw the cursor event may still miss a smaller id that committed a moment later. Only
 * those can be late, so the window is the `graceCount` ids closest below the cursor, none created
 * more than `graceMs` before the cursor event, and it never counts toward `limit`: at a high event
 * rate a few seconds hold hundreds of events the client has already applied, and counting them made
 * resumes answer `resync` with only a few new events. Clients drop ids they already applied.
 */
export async function eventsSince(
  db: Executor,
  accountId: string,
  after: number,
  limit: number,
  opts: EventsSinceOptions = {},
): Promise<EventsSinceResult> {
  const graceMs = opts.graceMs ?? 5_000;
  const graceCount = opts.graceCount ?? 100;
  const anchor =
    after > 0
      ? await db
          .selectFrom('events')
          .select('created_at')
          .where('id', '=', after)
          .where('account_id', '=', accountId)
          .executeTakeFirst()
      : undefined;
  if (after > 0 && !anchor)
    return { events: [], resync: true, cursor: await newestId(db, accountId) };
  const newer = await db
    .selectFrom('events')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('id', '>', after)
    .orderBy('id')
    .limit(limit + 1)
    .execute();
  if (newer.length > limit)
    return { events: [], resync: true, cursor: await newestId(db, accountId) };
  // An index range scan of at most graceCount rows below the cursor; the age bound is applied here, not
  // in SQL, so that an old cursor never makes the database walk the account's history looking for matches.
  const window =
    anchor && graceCount > 0
      ? (
          await db
            .selectFrom('events')
            .selectAll()
            .where('account_id', '=', accountId)
            .where('id', '<', after)
            .orderBy('id', 'desc')
            .limit(graceCount)
            .execute()
        )
          .filter((r) => Number(r.created_at) >= Number(anchor.created_at) - graceMs)
          .reverse()
      : [];
  const events = [...window, ...newer].map(eventFromRow);
  return {
    events,
    resync: false,
    cursor: newer.length ? Number(newer[newer.length - 1].id) : after,
  };
}

async function newestId(db: Executor, accountId: string): Promise<number> {
  const newest = await db
    .selectFrom('events')
    .select('id')
    .where('account_id', '=', accountId)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return Number(newest?.id ?? 0);
}

/**
 * What a restricted agent gets of a resume (policies/visibility.ts): events of conversations they may
 * see now, and, of the events without a conversation, their own user's; the rest is left out (the
 * cursor and `resync` are the account's, as for everyone). Unrestricted viewers get every event.
 */
export async function visibleEvents(
  db: Executor,
  accountId: string,
  v: Visibility,
  r: EventsSinceResult,
): Promise<EventsSinceResult> {
  if (!v.restricted || !r.events.length) return r;
  const seen = await visibleIds(
    db,
    accountId,
    v,
    r.events.flatMap((e) => (e.conversationId ? [e.conversationId] : [])),
  );
  return {
    ...r,
    events: r.events.filter((e) =>
      e.conversationId ? seen.has(e.conversationId) : unscopedEventFor(e.payload, v.userId),
    ),
  };
}

/** Events for admins only (a sign-in lock, …) are left out of other roles' resumes. */
export function forRole(r: EventsSinceResult, role: string): EventsSinceResult {
  if (isAdminRole(role) || !r.events.some((e) => forAdminsOnly(e.payload))) return r;
  return { ...r, events: r.events.filter((e) => !forAdminsOnly(e.payload)) };
}
