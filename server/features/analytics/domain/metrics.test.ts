/**
 * Report metrics from fact rows with known answers (docs/METRICS.md names these tests): nearest-rank
 * median and p90, one-touch, FCR with its window, AI resolution, handover rate, CSAT % 4–5, NPS,
 * SLA achievement, calendar vs business durations.
 */
import { describe, expect, it } from 'vitest';
import { type FactRow, metricsOf, type MetricOptions } from './metrics.ts';
import { distribution, nearestRank } from './percentile.ts';

const H = 3_600_000;
const NOW = Date.UTC(2026, 5, 1);
const opts: MetricOptions = { businessHours: false, windowMs: 72 * H, now: NOW };

function row(p: Partial<FactRow>): FactRow {
  return {
    conversation_id: Math.random().toString(36).slice(2),
    created_at: NOW - 10 * 24 * H,
    channel: 'web_widget',
    inbox_id: 'i',
    team_id: null,
    assignee_id: null,
    intent: null,
    labels: '[]',
    status: 'open',
    cycles: 1,
    touches: 1,
    reopens: 0,
    reassignments: 0,
    bot_messages: 0,
    bot_only: 0,
    handed_over: 0,
    human_requested: 0,
    negative_feedback: 0,
    frt_ms: null,
    frt_biz_ms: null,
    nrt_count: 0,
    nrt_sum_ms: 0,
    nrt_sum_biz_ms: 0,
    first_resolved_at: null,
    first_resolution_ms: null,
    first_resolution_biz_ms: null,
    last_resolved_at: null,
    full_resolution_ms: null,
    full_resolution_biz_ms: null,
    requester_wait_ms: 0,
    requester_wait_biz_ms: 0,
    handling_ms: null,
    handling_biz_ms: null,
    time_to_human_ms: null,
    time_to_human_biz_ms: null,
    first_reopen_at: null,
    customer_after_resolve_at: null,
    last_customer_at: null,
    csat: null,
    nps: null,
    sla_first_response: null,
    sla_next_response: null,
    sla_resolution: null,
    ...p,
  };
}

const resolvedAt = NOW - 5 * 24 * H;

describe('report metrics', () => {
  it('median and p90 are nearest-rank; never only a mean', () => {
    expect(nearestRank([1, 2, 3, 4], 0.5)).toBe(2);
    expect(nearestRank([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBe(9);
    expect(nearestRank([], 0.5)).toBeNull();
    expect(distribution([30, 10, 20])).toEqual({ count: 3, median: 20, p90: 30, mean: 20 });
    const m = metricsOf(
      [10, 20, 30, 40, 1000].map((s) => row({ frt_ms: s * 1000, frt_biz_ms: s })),
      opts,
    );
    expect(m.durations.frt).toMatchObject({ count: 5, median: 30_000, p90: 1_000_000 });
    expect(
      metricsOf([row({ frt_ms: 5, frt_biz_ms: 1 })], { ...opts, businessHours: true }).durations.frt
        .median,
    ).toBe(1);
  });

  it('one-touch: resolved by humans with fewer than 2 agent replies', () => {
    const m = metricsOf(
      [
        row({ last_resolved_at: resolvedAt, touches: 1 }),
        row({ last_resolved_at: resolvedAt, touches: 2 }),
        row({ touches: 1 }), // open
        row({ last_resolved_at: resolvedAt, cycles: 0, touches: 0, bot_only: 1, bot_messages: 1 }),
      ],
      opts,
    );
    expect(m.oneTouch).toBe(1);
    expect(m.rates.oneTouch).toBe(0.5);
  });

  it('FCR: resolved, no customer message and no reopen within the window, window passed', () => {
    const base = { first_resolved_at: resolvedAt, last_resolved_at: resolvedAt };
    const rows = [
      row(base), // achieved
      row({ ...base, customer_after_resolve_at: resolvedAt + 10 * H }), // came back within 72 h
      row({ ...base, first_reopen_at: resolvedAt + 100 * H }), // reopened after the window: achieved
      row({ first_resolved_at: NOW - H, last_resolved_at: NOW - H }), // window not passed: pending
    ];
    const m = metricsOf(rows, opts);
    expect(m.fcr).toEqual({ eligible: 3, achieved: 2 });
    expect(metricsOf(rows, { ...opts, windowMs: 200 * H }).fcr).toEqual({
      eligible: 2,
      achieved: 0,
    }); // both came back within 200 h; the rest still pending
  });

  it('AI resolution and handover rates over the conversations the bot took part in', () => {
    const bot = { bot_messages: 2, bot_only: 1, cycles: 0, touches: 0 };
    const m = metricsOf(
      [
        row({ ...bot, first_resolved_at: resolvedAt }), // resolved by the bot
        row({ ...bot, last_customer_at: NOW - 100 * H }), // ended: quiet for the window
        row({ ...bot, last_customer_at: NOW - H }), // still going
        row({ ...bot, first_resolved_at: resolvedAt, negative_feedback: 1 }),
        row({ ...bot, first_resolved_at: resolvedAt, first_reopen_at: resolvedAt + H }),
        row({ bot_messages: 1, handed_over: 1, time_to_human_ms: 60_000 }),
        row({}), // no bot: not in the denominator
      ],
      opts,
    );
    expect(m.botInvolved).toBe(6);
    expect(m.aiResolved).toBe(2);
    expect(m.rates.aiResolution).toBeCloseTo(2 / 6);
    expect(m.rates.handover).toBeCloseTo(1 / 6);
    expect(m.durations.timeToHuman.median).toBe(60_000);
  });

  it('CSAT is the share of 4–5 ratings; NPS promoters − detractors; SLA achievement', () => {
    const m = metricsOf(
      [
        row({ csat: 5, nps: 10, sla_first_response: 'met', sla_resolution: 'breached' }),
        row({ csat: 4, nps: 9, sla_first_response: 'met' }),
        row({ csat: 3, nps: 7, sla_first_response: 'breached' }),
        row({ csat: 1, nps: 2, sla_next_response: 'pending' }),
      ],
      opts,
    );
    expect(m.rates.csat).toBe(0.5);
    expect(m.nps).toEqual({ responses: 4, promoters: 2, detractors: 1 });
    expect(m.rates.nps).toBe(25);
    expect(m.sla).toEqual({ met: 2, breached: 2 });
    expect(m.rates.slaAchievement).toBe(0.5);
    expect(metricsOf([], opts).rates.csat).toBeNull();
  });
});
