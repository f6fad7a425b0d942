/**
 * Business hours: weekly schedules in an IANA time zone plus holidays, as pure functions over epoch
 * milliseconds (Intl does the time-zone math, so DST transitions follow the tz database).
 * `null` hours mean "always open".
 */

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface BusinessHours {
  timezone: string;
  /** Local opening intervals per weekday, 'HH:MM'–'HH:MM' (close may be '24:00'). Missing day = closed. */
  weekly: Partial<Record<Weekday, Array<[string, string]>>>;
  /** Local dates 'YYYY-MM-DD' that are closed all day. */
  holidays?: string[];
}

interface LocalDate {
  y: number;
  m: number;
  d: number;
}
const MAX_DAYS = 400;
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

export function isValidTimeZone(tz: string): boolean {
  try {
    formatter(tz);
    return true;
  } catch {
    return false;
  }
}

/** Wall-clock parts of an instant in a time zone. */
export function zonedParts(
  ts: number,
  tz: string,
): LocalDate & { hh: number; mm: number; ss: number } {
  const p: Record<string, number> = {};
  for (const part of formatter(tz).formatToParts(new Date(ts)))
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  return { y: p.year, m: p.month, d: p.day, hh: p.hour % 24, mm: p.minute, ss: p.second };
}

function offsetAt(ts: number, tz: string): number {
  const p = zonedParts(ts, tz);
  return Date.UTC(p.y, p.m - 1, p.d, p.hh, p.mm, p.ss) - Math.floor(ts / 1000) * 1000;
}

// localToUtc is pure (the tz database does not change while the process runs) and SLA and queue
// math asks for the same few local days over and over: remember recent answers.
const utcCache = new Map<string, number>();
const UTC_CACHE_MAX = 20_000;

/** The instant at local date + minutes after midnight in tz (times in a DST gap move forward). */
export function localToUtc(date: LocalDate, minutes: number, tz: string): number {
  const key = `${tz}|${date.y}|${date.m}|${date.d}|${minutes}`;
  let v = utcCache.get(key);
  if (v === undefined) {
    v = computeLocalToUtc(date, minutes, tz);
    if (utcCache.size >= UTC_CACHE_MAX) utcCache.clear();
    utcCache.set(key, v);
  }
  return v;
}

function computeLocalToUtc(date: LocalDate, minutes: number, tz: string): number {
  const guess = Date.UTC(date.y, date.m - 1, date.d, 0, minutes);
  const first = guess - offsetAt(guess, tz);
  const second = guess - offsetAt(first, tz);
  return second === first ? first : Math.max(first, second);
}

function addDays(date: LocalDate, n: number): LocalDate {
  const t = new Date(Date.UTC(date.y, date.m - 1, date.d + n));
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

const iso = (d: LocalDate) =>
  `${d.y}-${String(d.m).padStart(2, '0')}-${String(d.d).padStart(2, '0')}`;
const minutesOf = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
};

export function isValidInterval([open, close]: [string, string]): boolean {
  const re = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
  return re.test(open) && re.test(close) && minutesOf(open) < minutesOf(close);
}

/** Opening intervals of one local day as [start, end) instants. */
function dayIntervals(date: LocalDate, hours: BusinessHours): Array<[number, number]> {
  if (hours.holidays?.includes(iso(date))) return [];
  const weekday = WEEKDAYS[new Date(Date.UTC(date.y, date.m - 1, date.d)).getUTCDay()];
  return (hours.weekly[weekday] ?? [])
    .map(([o, c]) => {
      const end =
        c === '24:00'
          ? localToUtc(addDays(date, 1), 0, hours.timezone)
          : localToUtc(date, minutesOf(c), hours.timezone);
      return [localToUtc(date, minutesOf(o), hours.timezone), end] as [number, number];
    })
    .sort((a, b) => a[0] - b[0]);
}

/** Opening intervals that end after `from`, in order (at most MAX_DAYS days ahead). */
export function* openIntervals(from: number, hours: BusinessHours): Generator<[number, number]> {
  const start = zonedParts(from, hours.timezone);
  let date: LocalDate = addDays(start, -1);
  for (let i = 0; i < MAX_DAYS; i++, date = addDays(date, 1)) {
    for (const [s, e] of dayIntervals(date, hours)) if (e > from) yield [Math.max(s, from), e];
  }
}

export function isOpen(ts: number, hours: BusinessHours | null): boolean {
  if (!hours) return true;
  const first = openIntervals(ts, hours).next();
  return !first.done && first.value[0] <= ts;
}

/** ts itself when open; otherwise the next opening instant (null when closed for the next ~year). */
export function nextOpenAt(ts: number, hours: BusinessHours | null): number | null {
  if (!hours) return ts;
  const first = openIntervals(ts, hours).next();
  return first.done ? null : first.value[0];
}

/** The instant when `ms` of business time has elapsed after `start`. */
export function addBusinessMs(start: number, ms: number, hours: BusinessHours | null): number {
  if (!hours) return start + ms;
  let left = ms;
  for (const [s, e] of openIntervals(start, hours)) {
    if (e - s >= left) return s + left;
    left -= e - s;
  }
  return start + ms; // schedule has no opening hours: fall back to calendar time
}

/** Business milliseconds between a and b (0 when b <= a). */
export function businessMsBetween(a: number, b: number, hours: BusinessHours | null): number {
  if (b <= a) return 0;
  if (!hours) return b - a;
  let total = 0;
  for (const [s, e] of openIntervals(a, hours)) {
    if (s >= b) break;
    total += Math.min(e, b) - s;
  }
  return total;
}
