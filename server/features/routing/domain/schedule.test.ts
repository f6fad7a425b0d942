import { describe, expect, it } from 'vitest';
import { nextRun, type Schedule } from './schedule.ts';

const at = (s: string) => Date.parse(s);

describe('nextRun', () => {
  it.each<[string, Schedule, string, string | undefined, string]>([
    [
      'every 5 min, aligned',
      { everyMinutes: 5 },
      '2026-11-23T10:02:10Z',
      undefined,
      '2026-11-23T10:05:00.000Z',
    ],
    [
      'every 5 min, on a slot → the next one',
      { everyMinutes: 5 },
      '2026-11-23T10:05:00Z',
      undefined,
      '2026-11-23T10:10:00.000Z',
    ],
    [
      'every 60 min',
      { everyMinutes: 60 },
      '2026-11-23T10:59:59Z',
      undefined,
      '2026-11-23T11:00:00.000Z',
    ],
    [
      'daily, later today (Shanghai)',
      { dailyAt: '09:30' },
      '2026-11-23T00:00:00Z',
      'Asia/Shanghai',
      '2026-11-23T01:30:00.000Z',
    ],
    [
      'daily, already passed → tomorrow',
      { dailyAt: '09:30' },
      '2026-11-23T01:30:00Z',
      'Asia/Shanghai',
      '2026-11-24T01:30:00.000Z',
    ],
    [
      'daily, own zone wins',
      { dailyAt: '09:30', timezone: 'Europe/Berlin' },
      '2026-11-23T00:00:00Z',
      'Asia/Shanghai',
      '2026-11-23T08:30:00.000Z',
    ],
    [
      'daily across local midnight',
      { dailyAt: '00:15' },
      '2026-11-23T16:20:00Z',
      'Asia/Shanghai',
      '2026-11-24T16:15:00.000Z',
    ],
    [
      'DST spring forward: 02:30 does not exist → 03:30 local (moved by the gap)',
      { dailyAt: '02:30' },
      '2026-03-29T00:00:00Z',
      'Europe/Berlin',
      '2026-03-29T01:30:00.000Z',
    ],
    [
      'DST fall back: 09:00 is CET after the change',
      { dailyAt: '09:00' },
      '2026-10-25T06:00:00Z',
      'Europe/Berlin',
      '2026-10-25T08:00:00.000Z',
    ],
    [
      'UTC by default',
      { dailyAt: '23:00' },
      '2026-11-23T22:59:00Z',
      undefined,
      '2026-11-23T23:00:00.000Z',
    ],
  ])('%s', (_n, s, after, tz, expected) => {
    expect(new Date(nextRun(s, at(after), tz)).toISOString()).toBe(expected);
  });
});
