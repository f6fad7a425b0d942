/**
 * Business time between two instants under the schedules in force (pure; Intl does the time-zone
 * math, so DST follows the tz database). A schedule is the routing feature's weekly hours as
 * published through core/kit/business-hours-registry.ts; `null` hours mean always open.
 * `segments` is an inbox's schedule history: each one applies from its `from` until the next one,
 * the first also before its `from` (the earliest schedule known).
 */
import type { WeeklySchedule } from '../../../core/kit/business-hours-registry.ts';

export interface ScheduleSegment {
  from: number;
  /** Stable id of the schedule's content (schedules.ts `scheduleId`). */
  id: string;
  hours: WeeklySchedule | null;
}

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const DAY = 86_400_000;
/** Spans longer than this are counted up to it (a conversation open for years is an outlier anyway). */
const MAX_SPAN_DAYS = 800;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(tz, f);
  }
  return f;
}

export function isTimeZone(tz: string): boolean {
  try {
    formatter(tz);
    return true;
  } catch {
    return false;
  }
}

interface Parts {
  y: number;
  m: number;
  d: number;
  hh: number;
  mm: number;
  ss: number;
}

export function zoned(ts: number, tz: string): Parts {
  const p: Record<string, number> = {};
  for (const part of formatter(tz).formatToParts(new Date(ts)))
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  return { y: p.year, m: p.month, d: p.day, hh: p.hour % 24, mm: p.minute, ss: p.second };
}

function offsetAt(ts: number, tz: string): number {
  const p = zoned(ts, tz);
  return Date.UTC(p.y, p.m - 1, p.d, p.hh, p.mm, p.ss) - Math.floor(ts / 1000) * 1000;
}

const utcCache = new Map<string, number>();

/** The instant of local date (y, m, d) + `minutes` after midnight in tz (DST gaps move forward). */
export function localToUtc(y: number, m: number, d: number, minutes: number, tz: string): number {
  const key = `${tz}|${y}|${m}|${d}|${minutes}`;
  let v = utcCache.get(key);
  if (v === undefined) {
    const guess = Date.UTC(y, m - 1, d, 0, minutes);
    const first = guess - offsetAt(guess, tz);
    const second = guess - offsetAt(first, tz);
    v = second === first ? first : Math.max(first, second);
    if (utcCache.size > 50_000) utcCache.clear();
    utcCache.set(key, v);
  }
  return v;
}

const minutesOf = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
};

/** Open milliseconds of [a, b) under one weekly schedule. */
function openMs(a: number, b: number, hours: WeeklySchedule): number {
  const tz = hours.timezone;
  const start = zoned(a, tz);
  let total = 0;
  const days = Math.min(Math.ceil((b - a) / DAY) + 2, MAX_SPAN_DAYS);
  for (let i = -1; i <= days; i++) {
    const t = new Date(Date.UTC(start.y, start.m - 1, start.d + i));
    const [y, m, d] = [t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate()];
    const iso = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
    if (hours.holidays?.includes(iso)) continue;
    for (const [o, c] of hours.weekly[WEEKDAYS[t.getUTCDay()]] ?? []) {
      const s = localToUtc(y, m, d, minutesOf(o), tz);
      const e =
        c === '24:00' ? localToUtc(y, m, d + 1, 0, tz) : localToUtc(y, m, d, minutesOf(c), tz);
      const lo = Math.max(s, a);
      const hi = Math.min(e, b);
      if (hi > lo) total += hi - lo;
    }
  }
  return total;
}

/** Business milliseconds of [a, b) under an inbox's schedule history (0 when b <= a). */
export function businessMs(a: number, b: number, segments: readonly ScheduleSegment[]): number {
  if (b <= a) return 0;
  if (!segments.length) return b - a;
  let total = 0;
  for (let i = 0; i < segments.length; i++) {
    const lo = i === 0 ? a : Math.max(a, segments[i].from);
    const hi = i + 1 < segments.length ? Math.min(b, segments[i + 1].from) : b;
    if (hi <= lo) continue;
    const hours = segments[i].hours;
    total += hours ? openMs(lo, hi, hours) : hi - lo;
  }
  return total;
}

/** The schedule id in force at `ts` ('always' when none is known). */
export function scheduleAt(ts: number, segments: readonly ScheduleSegment[]): string {
  let id = segments[0]?.id ?? 'always';
  for (const s of segments) if (s.from <= ts) id = s.id;
  return id;
}
