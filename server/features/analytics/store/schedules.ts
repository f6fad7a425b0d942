/**
 * The schedule history business time is measured with: per inbox, which business-hours schedule
 * was in force from when (`analytics_schedules`). The facts processor records a new segment the
 * first time it sees a schedule differ from the last one (at that event's time); the rebuild reads
 * the same history, so live facts and rebuilt facts measure business time alike.
 */
import type { Executor } from '../../../core/db/client.ts';
import { businessHoursOf, type WeeklySchedule } from '../../../core/kit/business-hours-registry.ts';
import { sha256 } from '../../../core/lib/crypto.ts';
import type { ScheduleSegment } from '../domain/business-time.ts';

/** A schedule's id: 'always' for none, else a short hash of its content. */
export function scheduleId(hours: WeeklySchedule | null): string {
  return hours ? `bh-${sha256(JSON.stringify(hours)).slice(0, 12)}` : 'always';
}

export async function loadSegments(
  db: Executor,
  accountId: string,
  inboxId?: string,
): Promise<Map<string, ScheduleSegment[]>> {
  let q = db
    .selectFrom('analytics_schedules')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('effective_from');
  if (inboxId) q = q.where('inbox_id', '=', inboxId);
  const byInbox = new Map<string, ScheduleSegment[]>();
  for (const r of await q.execute()) {
    const list = byInbox.get(r.inbox_id) ?? [];
    list.push({
      from: Number(r.effective_from),
      id: r.schedule_id,
      hours: r.hours ? (JSON.parse(r.hours) as WeeklySchedule) : null,
    });
    byInbox.set(r.inbox_id, list);
  }
  return byInbox;
}

/** Per-process cache of each inbox's history (a hint: entries live CACHE_MS; the table is the truth). */
const CACHE_MS = 30_000;
const cache = new Map<string, { at: number; segments: ScheduleSegment[] }>();

/**
 * The inbox's schedule history after noting the schedule in force now (from `at` on, when it
 * differs from the last one known).
 */
export async function observeSchedule(
  db: Executor,
  accountId: string,
  inboxId: string,
  at: number,
): Promise<ScheduleSegment[]> {
  const hours = await businessHoursOf(db, accountId, inboxId);
  const id = scheduleId(hours);
  const key = `${accountId}:${inboxId}`;
  const cached = cache.get(key);
  const fresh = cached && Date.now() - cached.at < CACHE_MS;
  if (fresh && cached.segments[cached.segments.length - 1]?.id === id) return cached.segments;
  const segments = (await loadSegments(db, accountId, inboxId)).get(inboxId) ?? [];
  const last = segments[segments.length - 1];
  if (last?.id === id) {
    cache.set(key, { at: Date.now(), segments });
    return segments;
  }
  const from = last ? Math.max(at, last.from + 1) : at;
  await db
    .insertInto('analytics_schedules')
    .values({
      account_id: accountId,
      inbox_id: inboxId,
      effective_from: from,
      schedule_id: id,
      hours: hours ? JSON.stringify(hours) : null,
    })
    .onConflict((oc) => oc.columns(['inbox_id', 'effective_from']).doNothing())
    .execute();
  cache.delete(key); // cached only once committed and read back
  return [...segments, { from, id, hours }];
}
