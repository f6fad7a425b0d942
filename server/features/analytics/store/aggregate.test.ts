/**
 * The overview's numbers computed in the database agree with the reference rules
 * (domain/metrics.ts `metricsOf` over the same fact rows): 400 random rows with every nullable
 * column sometimes null, calendar and business time, no grouping and grouped by agent and label.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../../../test/test-app.ts';
import { type MetricOptions, metricsOf } from '../domain/metrics.ts';
import { factRow, insertFacts } from '../test/seed.ts';
import { aggregateMetrics } from './aggregate.ts';
import { reportReader } from './reader.ts';
import { factRowsIn } from './report.ts';

const H = 3_600_000;
const NOW = Date.UTC(2026, 5, 1);
const ACCOUNT = '00000000-0000-4000-8000-00000000aaaa';
let app: TestApp;

function rng(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

beforeAll(async () => {
  app = await testApp();
  const r = rng(7);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const maybe = (v: number) => (r() < 0.3 ? null : v);
  const rows = Array.from({ length: 400 }, () => {
    const created = NOW - Math.floor(r() * 20 * 24) * H;
    const resolved = r() < 0.7 ? created + Math.floor(r() * 100) * H : null;
    return factRow(ACCOUNT, 'inbox-1', {
      created_at: created,
      assignee_id: pick(['a', 'b', 'c', null]),
      labels: pick(['[]', '["vip"]', '["vip","refund"]']),
      cycles: pick([0, 1, 2]),
      touches: pick([0, 1, 2, 3]),
      reopens: pick([0, 0, 1]),
      bot_messages: pick([0, 1, 3]),
      bot_only: pick([0, 1]),
      handed_over: pick([0, 1]),
      human_requested: pick([0, 0, 1]),
      negative_feedback: pick([0, 0, 1]),
      frt_ms: maybe(Math.floor(r() * 1e6)),
      frt_biz_ms: maybe(Math.floor(r() * 1e5)),
      nrt_count: pick([0, 1, 3]),
      nrt_sum_ms: Math.floor(r() * 1e6),
      nrt_sum_biz_ms: Math.floor(r() * 1e5),
      first_resolved_at: resolved,
      first_resolution_ms: resolved ? resolved - created : null,
      first_resolution_biz_ms: resolved ? Math.floor((resolved - created) / 3) : null,
      last_resolved_at: resolved && r() < 0.8 ? resolved : null,
      full_resolution_ms: maybe(Math.floor(r() * 1e7)),
      requester_wait_ms: Math.floor(r() * 1e6),
      requester_wait_biz_ms: Math.floor(r() * 1e5),
      handling_ms: maybe(Math.floor(r() * 1e6)),
      time_to_human_ms: maybe(Math.floor(r() * 1e5)),
      first_reopen_at: resolved && r() < 0.3 ? resolved + Math.floor(r() * 150) * H : null,
      customer_after_resolve_at:
        resolved && r() < 0.3 ? resolved + Math.floor(r() * 150) * H : null,
      last_customer_at: r() < 0.8 ? created + Math.floor(r() * 200) * H : null,
      csat: r() < 0.4 ? pick([1, 2, 3, 4, 5]) : null,
      nps: r() < 0.3 ? Math.floor(r() * 11) : null,
      sla_first_response: pick([null, 'met', 'breached', 'pending']),
      sla_resolution: pick([null, 'met', 'breached']),
    });
  });
  await insertFacts(app.services.database.db, rows);
});
afterAll(async () => {
  await app?.stop();
});

describe('overview aggregates in the database', () => {
  it('equal metricsOf over the same rows, ungrouped and grouped, calendar and business', async () => {
    const db = app.services.database.db;
    const range = { from: NOW - 15 * 24 * H, to: NOW };
    for (const businessHours of [false, true]) {
      const o: MetricOptions = { businessHours, windowMs: 72 * H, now: NOW };
      const rows = await factRowsIn(db, ACCOUNT, range, {});
      expect(rows.length).toBeGreaterThan(200);
      const all = await aggregateMetrics(db, ACCOUNT, range, {}, o);
      expect(all.get(null)).toEqual(metricsOf(rows, o));
      if (app.services.database.dialect === 'postgres') {
        // medians and p90s by percentile_disc inside the aggregate query
        const inDb = await aggregateMetrics(db, ACCOUNT, range, {}, o, 'agent', null, true);
        for (const key of ['a', 'b', 'c', null])
          expect(inDb.get(key)).toEqual(
            metricsOf(
              rows.filter((f) => f.assignee_id === key),
              o,
            ),
          );
      }
      const byAgent = await aggregateMetrics(db, ACCOUNT, range, {}, o, 'agent');
      const reader = reportReader(app.services.database);
      expect(reader === null).toBe(app.services.database.dialect === 'postgres');
      if (reader)
        // SQLite file: the raw-array path gives the same
        expect(await aggregateMetrics(db, ACCOUNT, range, {}, o, 'agent', reader)).toEqual(byAgent);
      for (const key of ['a', 'b', 'c', null])
        expect(byAgent.get(key)).toEqual(
          metricsOf(
            rows.filter((f) => f.assignee_id === key),
            o,
          ),
        );
      const byLabel = await aggregateMetrics(db, ACCOUNT, range, {}, o, 'label');
      expect(byLabel.get('refund')).toEqual(
        metricsOf(
          rows.filter((f) => f.labels.includes('refund')),
          o,
        ),
      );
      expect(byLabel.get(null)).toEqual(
        metricsOf(
          rows.filter((f) => f.labels === '[]'),
          o,
        ),
      );
      const vip = await aggregateMetrics(db, ACCOUNT, range, { label: 'vip' }, o);
      expect(vip.get(null)).toEqual(
        metricsOf(
          rows.filter((f) => f.labels.includes('vip')),
          o,
        ),
      );
    }
  });
});
