import { describe, expect, it } from 'vitest';
import {
  addBusinessMs,
  businessMsBetween,
  isOpen,
  localToUtc,
  nextOpenAt,
  zonedParts,
  type BusinessHours,
} from './business-hours.ts';
import { pickPolicy, remainingOnPause, timerTimes, type SlaPolicy } from './sla.ts';

const weekdays9to18 = (timezone: string, holidays: string[] = []): BusinessHours => ({
  timezone,
  holidays,
  weekly: {
    mon: [['09:00', '18:00']],
    tue: [['09:00', '18:00']],
    wed: [['09:00', '18:00']],
    thu: [['09:00', '18:00']],
    fri: [['09:00', '18:00']],
  },
});
const SH = weekdays9to18('Asia/Shanghai', ['2026-10-01']);
const NY = weekdays9to18('America/New_York');
const MIN = 60_000;
const H = 60 * MIN;
// Shanghai is UTC+8 all year.
const sh = (s: string) => Date.parse(`${s}+08:00`);

describe('business hours', () => {
  it.each([
    ['2026-11-23T10:00:00', true], // Monday 10:00
    ['2026-11-23T08:59:59', false],
    ['2026-11-23T18:00:00', false], // close is exclusive
    ['2026-11-22T12:00:00', false], // Sunday
    ['2026-10-01T12:00:00', false], // holiday (Thursday)
  ])('isOpen(%s) = %s (Asia/Shanghai)', (local, open) => {
    expect(isOpen(sh(local), SH)).toBe(open);
  });

  it.each([
    ['2026-11-23T07:00:00', '2026-11-23T09:00:00'],
    ['2026-11-23T19:00:00', '2026-11-24T09:00:00'],
    ['2026-11-27T18:30:00', '2026-11-30T09:00:00'], // Friday evening → Monday
    ['2026-09-30T18:30:00', '2026-10-02T09:00:00'], // skips the holiday
    ['2026-11-23T10:00:00', '2026-11-23T10:00:00'], // open now
  ])('nextOpenAt(%s) = %s', (from, expected) => {
    expect(nextOpenAt(sh(from), SH)).toBe(sh(expected));
  });

  it.each([
    ['2026-11-23T17:59:00', 2 * MIN, '2026-11-24T09:01:00'], // 1 min today, 1 min tomorrow
    ['2026-11-27T17:00:00', 2 * H, '2026-11-30T10:00:00'], // over the weekend
    ['2026-11-22T03:00:00', 30 * MIN, '2026-11-23T09:30:00'], // starts closed (Sunday)
    ['2026-11-23T10:00:00', 9 * H, '2026-11-24T10:00:00'], // a whole business day
  ])('addBusinessMs(%s, %d)', (start, ms, due) => {
    expect(addBusinessMs(sh(start), ms, SH)).toBe(sh(due));
  });

  it('businessMsBetween is the inverse of addBusinessMs', () => {
    const start = sh('2026-11-26T16:00:00');
    for (const ms of [MIN, 3 * H, 11 * H, 30 * H])
      expect(businessMsBetween(start, addBusinessMs(start, ms, SH), SH)).toBe(ms);
  });

  it('null hours are always open (calendar time)', () => {
    expect(isOpen(0, null)).toBe(true);
    expect(addBusinessMs(1000, 5000, null)).toBe(6000);
  });

  it('spring-forward DST day in New York: 9:00 local is 13:00 UTC after, 14:00 UTC before', () => {
    expect(localToUtc({ y: 2026, m: 3, d: 6 }, 9 * 60, 'America/New_York')).toBe(
      Date.parse('2026-03-06T14:00:00Z'),
    );
    expect(localToUtc({ y: 2026, m: 3, d: 9 }, 9 * 60, 'America/New_York')).toBe(
      Date.parse('2026-03-09T13:00:00Z'),
    );
    // Friday 17:00 EST + 2 business hours → Monday 10:00 EDT
    expect(addBusinessMs(Date.parse('2026-03-06T22:00:00Z'), 2 * H, NY)).toBe(
      Date.parse('2026-03-09T14:00:00Z'),
    );
    expect(zonedParts(Date.parse('2026-03-08T07:30:00Z'), 'America/New_York').hh).toBe(3); // 02:30 does not exist
  });

  it('24h schedule across a fall-back day counts the extra hour', () => {
    const allDay: BusinessHours = {
      timezone: 'Europe/Berlin',
      weekly: { sun: [['00:00', '24:00']] },
    };
    const start = localToUtc({ y: 2026, m: 10, d: 25 }, 0, 'Europe/Berlin');
    expect(businessMsBetween(start, start + 48 * H, allDay)).toBe(25 * H);
  });
});

describe('SLA math', () => {
  const p = (id: string, inboxId: string | null, priority: SlaPolicy['priority']): SlaPolicy => ({
    id,
    inboxId,
    priority,
    firstResponseMs: 2 * MIN,
    nextResponseMs: null,
    resolutionMs: null,
    warnAt: 0.8,
    businessHoursOnly: true,
  });
  const policies = [
    p('default', null, null),
    p('urgent', null, 'urgent'),
    p('inbox', 'i1', null),
    p('inbox-urgent', 'i1', 'urgent'),
  ];
  it.each([
    ['i1', 'urgent', 'inbox-urgent'],
    ['i1', 'none', 'inbox'],
    ['i2', 'urgent', 'urgent'],
    ['i2', 'low', 'default'],
  ] as const)('pickPolicy(%s, %s) = %s', (inboxId, priority, id) => {
    expect(pickPolicy(policies, { inboxId, priority })?.id).toBe(id);
  });

  it('due and warning times count business time only', () => {
    const start = sh('2026-11-23T17:59:00');
    const t = timerTimes(start, 2 * MIN, 2 * MIN, 0.8, SH);
    expect(t.dueAt).toBe(sh('2026-11-24T09:01:00'));
    expect(t.warnAt).toBe(sh('2026-11-24T09:00:36')); // 96 s of business time
  });

  it('pausing keeps the remaining business time; resuming later moves the due time', () => {
    const start = sh('2026-11-23T10:00:00');
    const t = timerTimes(start, 60 * MIN, 60 * MIN, 0.8, SH);
    const remaining = remainingOnPause(start + 20 * MIN, t.dueAt, SH);
    expect(remaining).toBe(40 * MIN);
    const resumedAt = sh('2026-11-23T17:50:00');
    const r = timerTimes(resumedAt, 60 * MIN, remaining, 0.8, SH);
    expect(r.dueAt).toBe(sh('2026-11-24T09:30:00'));
    expect(r.warnAt).toBe(sh('2026-11-24T09:18:00'));
  });
});
