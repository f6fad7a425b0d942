/** Dates and times in the user's time zone (Intl), in the current locale. */
import { getLocale } from './i18n.ts';

let timeZone: string | undefined; // undefined = the browser's zone
export function setTimeZone(tz: string | undefined): void {
  try {
    if (tz) new Intl.DateTimeFormat('en', { timeZone: tz });
    timeZone = tz;
  } catch {
    timeZone = undefined;
  }
}
export function getTimeZone(): string {
  return timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
}

const cache = new Map<string, Intl.DateTimeFormat>();
function fmt(opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${getLocale()}|${timeZone}|${JSON.stringify(opts)}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(getLocale(), { ...opts, timeZone });
    cache.set(key, f);
  }
  return f;
}
const toDate = (d: string | number | Date) => (d instanceof Date ? d : new Date(d));

export const formatTime = (d: string | number | Date) =>
  fmt({ hour: '2-digit', minute: '2-digit' }).format(toDate(d));
export const formatDateTime = (d: string | number | Date) =>
  fmt({
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(toDate(d));
export const formatDay = (d: string | number | Date) =>
  fmt({ year: 'numeric', month: 'long', day: 'numeric', weekday: 'short' }).format(toDate(d));
/** Calendar day key (YYYY-MM-DD) in the user's zone, for day separators. */
export const dayKey = (d: string | number | Date) =>
  fmt({ year: 'numeric', month: '2-digit', day: '2-digit' })
    .formatToParts(toDate(d))
    .filter((p) => p.type !== 'literal')
    .map((p) => p.value)
    .join('-');

/** "5 min ago" style, falling back to the date after a week. */
export function formatRelative(d: string | number | Date, now = Date.now()): string {
  const diff = (toDate(d).getTime() - now) / 1000;
  const rtf = new Intl.RelativeTimeFormat(getLocale(), { numeric: 'auto', style: 'narrow' });
  const abs = Math.abs(diff);
  if (abs < 60) return rtf.format(Math.round(diff), 'second');
  if (abs < 3600) return rtf.format(Math.round(diff / 60), 'minute');
  if (abs < 86400) return rtf.format(Math.round(diff / 3600), 'hour');
  if (abs < 7 * 86400) return rtf.format(Math.round(diff / 86400), 'day');
  return fmt({ month: 'short', day: 'numeric' }).format(toDate(d));
}
