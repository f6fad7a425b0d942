/**
 * Schedules of automation rules, pure: every N minutes (slots aligned to the epoch, so every node
 * computes the same slots) or daily at a local time in an IANA time zone (DST follows the tz database).
 */
import { localToUtc, zonedParts } from './business-hours.ts';

export type Schedule = { everyMinutes: number } | { dailyAt: string; timezone?: string };

/** The first slot strictly after `after`. `timezone` is the fallback zone for daily schedules. */
export function nextRun(s: Schedule, after: number, timezone = 'UTC'): number {
  if ('everyMinutes' in s) {
    const step = s.everyMinutes * 60_000;
    return Math.floor(after / step) * step + step;
  }
  const tz = s.timezone ?? timezone;
  const [h, m] = s.dailyAt.split(':').map(Number);
  const today = zonedParts(after, tz);
  for (let i = 0; i < 3; i++) {
    const day = new Date(Date.UTC(today.y, today.m - 1, today.d + i));
    const at = localToUtc(
      { y: day.getUTCFullYear(), m: day.getUTCMonth() + 1, d: day.getUTCDate() },
      h * 60 + m,
      tz,
    );
    if (at > after) return at;
  }
  return after + 86_400_000; // unreachable for valid zones
}
