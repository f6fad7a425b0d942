/**
 * A report's time range (pure): `from`/`to` as local dates (YYYY-MM-DD, in the account's time
 * zone; `to` inclusive: up to the end of that day) or ISO instants; the previous period is the
 * same length right before. Bad ranges are refused with `invalid_range`.
 */
import { badInput } from '../../../core/errors.ts';
import { localToUtc } from './business-time.ts';

export const MAX_RANGE_DAYS = 400;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface Range {
  from: number;
  to: number;
}

export function invalidRange(message: string) {
  return badInput('invalid_range', message);
}

function instant(v: string, tz: string, end: boolean, field: string): number {
  const m = DATE.exec(v);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const check = new Date(Date.UTC(y, mo - 1, d));
    if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d)
      throw invalidRange(`${field}: ${v} is not a date.`);
    return localToUtc(y, mo, d + (end ? 1 : 0), 0, tz);
  }
  const t = Date.parse(v);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(v) || Number.isNaN(t))
    throw invalidRange(`${field}: expected YYYY-MM-DD or an ISO 8601 time.`);
  return t;
}

export function parseRange(from: string, to: string, tz: string): Range {
  const r = { from: instant(from, tz, false, 'from'), to: instant(to, tz, true, 'to') };
  if (r.to <= r.from) throw invalidRange('to must be after from.');
  if (r.to - r.from > MAX_RANGE_DAYS * 86_400_000)
    throw invalidRange(`A report covers at most ${MAX_RANGE_DAYS} days.`);
  return r;
}

export const previousRange = (r: Range): Range => ({ from: r.from - (r.to - r.from), to: r.from });
