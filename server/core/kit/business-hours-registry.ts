/**
 * An inbox's business hours, for features that measure time in business hours (analytics): the
 * feature that owns the schedules (routing) registers its reader here at load time; readers ask
 * `businessHoursOf`. Null means "always open" (business time equals calendar time), and so does an
 * empty registry. The shape is the one routing stores (`features/routing/domain/business-hours.ts`).
 */
import type { Executor } from '../db/client.ts';

export type Weekday = 'sun' | 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat';

export interface WeeklySchedule {
  /** IANA time zone the local times are in. */
  timezone: string;
  /** Local opening intervals per weekday, 'HH:MM'–'HH:MM' (close may be '24:00'). Missing day = closed. */
  weekly: Partial<Record<Weekday, Array<[string, string]>>>;
  /** Local dates 'YYYY-MM-DD' that are closed all day. */
  holidays?: string[];
}

export type BusinessHoursSource = (
  db: Executor,
  accountId: string,
  inboxId: string,
) => Promise<WeeklySchedule | null>;

let source: BusinessHoursSource | null = null;

export function setBusinessHoursSource(s: BusinessHoursSource | null): void {
  source = s;
}

/** The inbox's schedule in force now, or null (always open, or no feature knows). */
export function businessHoursOf(
  db: Executor,
  accountId: string,
  inboxId: string,
): Promise<WeeklySchedule | null> {
  return source ? source(db, accountId, inboxId) : Promise.resolve(null);
}
