/**
 * Business time: open hours only, across a weekend, a holiday, a schedule change (history
 * segments), a time zone with DST, and 'always' when no schedule is known.
 */
import { describe, expect, it } from 'vitest';
import type { WeeklySchedule } from '../../../core/kit/business-hours-registry.ts';
import { businessMs, type ScheduleSegment, scheduleAt } from './business-time.ts';

const H = 3_600_000;
const weekdays9to17: WeeklySchedule = {
  timezone: 'Asia/Shanghai',
  weekly: Object.fromEntries(
    (['mon', 'tue', 'wed', 'thu', 'fri'] as const).map((d) => [d, [['09:00', '17:00']]]),
  ),
};
// Friday 2026-03-06 16:00 Shanghai = 08:00 UTC
const FRI_16 = Date.UTC(2026, 2, 6, 8, 0);
const MON_10 = Date.UTC(2026, 2, 9, 2, 0);

describe('business time', () => {
  it('counts only open hours across a weekend', () => {
    const seg: ScheduleSegment[] = [{ from: 0, id: 'a', hours: weekdays9to17 }];
    expect(businessMs(FRI_16, MON_10, seg)).toBe(2 * H); // Fri 16–17, Mon 9–10
    expect(businessMs(MON_10, FRI_16, seg)).toBe(0);
  });

  it('skips holidays', () => {
    const seg: ScheduleSegment[] = [
      { from: 0, id: 'a', hours: { ...weekdays9to17, holidays: ['2026-03-09'] } },
    ];
    expect(businessMs(FRI_16, MON_10, seg)).toBe(1 * H);
  });

  it('uses the schedule in force for each part of a span (a change on Saturday)', () => {
    const sat = Date.UTC(2026, 2, 7, 4, 0);
    const allWeek: WeeklySchedule = {
      timezone: 'Asia/Shanghai',
      weekly: Object.fromEntries(
        (['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const).map((d) => [
          d,
          [['00:00', '24:00']],
        ]),
      ),
    };
    const seg: ScheduleSegment[] = [
      { from: 0, id: 'weekdays', hours: weekdays9to17 },
      { from: sat, id: 'always-open', hours: allWeek },
    ];
    // Fri 16–17 under the first (1 h), then from Sat 12:00 local to Mon 10:00 local all open (46 h)
    expect(businessMs(FRI_16, MON_10, seg)).toBe(47 * H);
    expect(scheduleAt(FRI_16, seg)).toBe('weekdays');
    expect(scheduleAt(MON_10, seg)).toBe('always-open');
  });

  it('follows DST in the schedule time zone', () => {
    const ny: WeeklySchedule = {
      timezone: 'America/New_York',
      weekly: { sun: [['00:00', '24:00']] },
    };
    const seg: ScheduleSegment[] = [{ from: 0, id: 'ny', hours: ny }];
    // 2026-03-08 is the spring-forward Sunday in New York: that day has 23 hours
    const sat = Date.UTC(2026, 2, 7, 12);
    const mon = Date.UTC(2026, 2, 9, 12);
    expect(businessMs(sat, mon, seg)).toBe(23 * H);
  });

  it('is calendar time with no schedule or an always-open one', () => {
    expect(businessMs(FRI_16, MON_10, [])).toBe(MON_10 - FRI_16);
    expect(businessMs(FRI_16, MON_10, [{ from: 0, id: 'always', hours: null }])).toBe(
      MON_10 - FRI_16,
    );
    expect(scheduleAt(FRI_16, [])).toBe('always');
  });
});
