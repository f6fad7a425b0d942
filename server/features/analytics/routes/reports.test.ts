/**
 * The report API over seeded fact rows with known answers: supervisors and admins only (an agent
 * gets 403), account-scoped (another account's facts never count), the account's time zone for
 * dates, bad ranges refused with stable codes, counts/medians/p90s, compare with the previous
 * period, grouping with names, the business-hours toggle, the drill-down with paging, and the CSV
 * export with the same filters and formula-safe cells.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type SeededAccount, type Session, type TestApp } from '../../../test/test-app.ts';
import { factRow, insertFacts } from '../test/seed.ts';

const MIN = 60_000;
// 2026-03-02 00:00 in Shanghai = 2026-03-01 16:00 UTC
const DAY1 = Date.UTC(2026, 2, 1, 16, 0);

let app: TestApp;
let a: SeededAccount;
let b: SeededAccount;
let supA: Session;
let agentA: Session;
let ownerB: Session;

beforeAll(async () => {
  app = await testApp({ RATE_LIMIT_LOGIN_PER_MIN: '1000' });
  a = await app.seedAccount();
  b = await app.seedAccount();
  const db = app.services.database.db;
  await db
    .updateTable('accounts')
    .set({ settings: JSON.stringify({ timeZone: 'Asia/Shanghai' }) })
    .where('id', '=', a.accountId)
    .execute();
  const agent = a.users.agent.id;
  const agent2 = a.users.agent2.id;
  const resolved = { last_resolved_at: DAY1 + 60 * MIN, first_resolved_at: DAY1 + 60 * MIN };
  await insertFacts(db, [
    // 2026-03-02 (local): four conversations
    factRow(a.accountId, a.inboxId, {
      created_at: DAY1 + MIN,
      frt_ms: 60_000,
      frt_biz_ms: 0,
      assignee_id: agent,
      labels: '["vip"]',
      csat: 5,
      touches: 1,
      ...resolved,
    }),
    factRow(a.accountId, a.inboxId, {
      created_at: DAY1 + 2 * MIN,
      frt_ms: 120_000,
      frt_biz_ms: 60_000,
      assignee_id: agent,
      csat: 2,
      touches: 3,
      ...resolved,
    }),
    factRow(a.accountId, a.inboxId, {
      created_at: DAY1 + 3 * MIN,
      frt_ms: 600_000,
      frt_biz_ms: 600_000,
      assignee_id: agent2,
      intent: '=HYPERLINK("http://x")',
      labels: '["vip","+sum"]',
    }),
    factRow(a.accountId, a.inboxId, {
      created_at: DAY1 + 4 * MIN,
      cycles: 0,
      touches: 0,
      bot_messages: 2,
      bot_only: 1,
      channel: '@evil',
      ...resolved,
    }),
    // the day before (previous period)
    factRow(a.accountId, a.inboxId, { created_at: DAY1 - 60 * MIN, frt_ms: 30_000 }),
    // the day after (outside)
    factRow(a.accountId, a.inboxId, { created_at: DAY1 + 25 * 60 * MIN, frt_ms: 1 }),
    // account B (time zone UTC): the same local date is 8 hours later
    factRow(b.accountId, b.inboxId, { created_at: DAY1 + MIN, frt_ms: 5 }),
    factRow(b.accountId, b.inboxId, { created_at: DAY1 + 9 * 60 * MIN, frt_ms: 999_000 }),
  ]);
  supA = await app.login(a.users.supervisor.email, a.users.supervisor.password);
  agentA = await app.login(a.users.agent.email, a.users.agent.password);
  ownerB = await app.login(b.users.owner.email, b.users.owner.password);
});
afterAll(async () => {
  await app?.stop();
});

const get = (session: Session, path: string) => app.api('GET', path, { session });
const DAY = 'from=2026-03-02&to=2026-03-02';

describe('report API', () => {
  it('refuses agents (403) on every report endpoint', async () => {
    for (const p of ['overview', 'conversations', 'export.csv']) {
      const r = await get(agentA, `/api/v1/reports/${p}?${DAY}`);
      expect(r.status).toBe(403);
      expect(r.body.error.code).toBe('forbidden');
    }
  });

  it('overview: counts, rates, nearest-rank median and p90 in the account time zone', async () => {
    const r = await get(supA, `/api/v1/reports/overview?${DAY}`);
    expect(r.status).toBe(200);
    expect(r.body.timeZone).toBe('Asia/Shanghai');
    expect(r.body.range).toEqual({
      from: '2026-03-01T16:00:00.000Z',
      to: '2026-03-02T16:00:00.000Z',
    });
    const m = r.body.current;
    expect(m.conversations).toBe(4);
    expect(m.resolved).toBe(3);
    expect(m.botOnly).toBe(1);
    expect(m.durations.frt).toMatchObject({ count: 3, median: 120_000, p90: 600_000 });
    expect(m.rates.csat).toBe(0.5);
    expect(m.rates.oneTouch).toBe(0.5); // two resolved by humans, one with a single reply
    expect(r.body.previous).toBeNull();
  });

  it('business-hours toggle switches every duration to business time', async () => {
    const r = await get(supA, `/api/v1/reports/overview?${DAY}&businessHours=true`);
    expect(r.body.businessHours).toBe(true);
    expect(r.body.current.durations.frt).toMatchObject({ median: 60_000, p90: 600_000 });
  });

  it('compares with the previous period of the same length', async () => {
    const r = await get(supA, `/api/v1/reports/overview?${DAY}&compare=previous`);
    expect(r.body.previous.range.from).toBe('2026-02-28T16:00:00.000Z');
    expect(r.body.previous.metrics.conversations).toBe(1);
    expect(r.body.previous.metrics.durations.frt.median).toBe(30_000);
  });

  it('groups by agent (with names) and by label (a conversation in each of its labels)', async () => {
    const byAgent = await get(supA, `/api/v1/reports/overview?${DAY}&groupBy=agent`);
    const rows = byAgent.body.groups as Array<{ key: string | null; name: string; metrics: any }>;
    const one = rows.find((g) => g.key === a.users.agent.id)!;
    expect(one.metrics.conversations).toBe(2);
    expect(one.name).toContain('agent');
    expect(rows.find((g) => g.key === null)!.metrics.conversations).toBe(1);
    const byLabel = await get(supA, `/api/v1/reports/overview?${DAY}&groupBy=label`);
    const vip = byLabel.body.groups.find((g: { key: string }) => g.key === 'vip');
    expect(vip.metrics.conversations).toBe(2);
    const filtered = await get(supA, `/api/v1/reports/overview?${DAY}&label=vip`);
    expect(filtered.body.current.conversations).toBe(2);
  });

  it('never counts another account: each sees only its own facts', async () => {
    const r = await get(ownerB, `/api/v1/reports/overview?${DAY}`);
    expect(r.body.timeZone).toBe('UTC');
    expect(r.body.current.conversations).toBe(1);
    expect(r.body.current.durations.frt.median).toBe(999_000);
    const drill = await get(ownerB, `/api/v1/reports/conversations?${DAY}&inboxId=${a.inboxId}`);
    expect(drill.body.data).toEqual([]);
    const csv = await get(ownerB, `/api/v1/reports/export.csv?${DAY}&inboxId=${a.inboxId}`);
    expect(csv.body.trim().split('\r\n')).toHaveLength(1); // the header only
  });

  it('refuses bad ranges and parameters with stable codes', async () => {
    const cases: Array<[string, string]> = [
      ['from=2026-03-05&to=2026-03-01', 'invalid_range'],
      ['from=2024-01-01&to=2026-03-01', 'invalid_range'],
      ['from=2026-02-30&to=2026-03-01', 'invalid_range'],
      ['from=yesterday&to=2026-03-01', 'invalid_range'],
      ['to=2026-03-01', 'invalid_request'],
      [`${DAY}&groupBy=planet`, 'invalid_request'],
      [`${DAY}&fcrWindowHours=-1`, 'invalid_request'],
      [`${DAY}&inboxId[]=x`, 'invalid_request'],
      [`${DAY}&extra=1`, 'invalid_request'],
    ];
    for (const [q, code] of cases) {
      const r = await get(supA, `/api/v1/reports/overview?${q}`);
      expect([q, r.status, r.body.error?.code]).toEqual([q, 400, code]);
    }
    const limit = await get(supA, `/api/v1/reports/conversations?${DAY}&limit=1000000000`);
    expect(limit.body.error.code).toBe('invalid_request');
    const cursor = await get(supA, `/api/v1/reports/conversations?${DAY}&cursor=nope`);
    expect(cursor.body.error.code).toBe('invalid_cursor');
  });

  it('drill-down: the conversations behind a number, paged in creation order', async () => {
    const first = await get(supA, `/api/v1/reports/conversations?${DAY}&limit=2`);
    expect(first.status).toBe(200);
    expect(first.body.data).toHaveLength(2);
    const second = await get(
      supA,
      `/api/v1/reports/conversations?${DAY}&limit=2&cursor=${first.body.nextCursor}`,
    );
    expect(second.body.data).toHaveLength(2);
    expect(second.body.nextCursor).toBeNull();
    const all = [...first.body.data, ...second.body.data].map((r) => r.createdAt);
    expect(all).toEqual([...all].sort());
    const bot = await get(supA, `/api/v1/reports/conversations?${DAY}&only=bot_only`);
    expect(bot.body.data).toHaveLength(1);
    expect(bot.body.data[0].botOnly).toBe(true);
  });

  it('CSV export: same filters and toggle, formula cells defused', async () => {
    const r = await get(supA, `/api/v1/reports/export.csv?${DAY}&businessHours=true&only=resolved`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(r.headers.get('content-disposition')).toContain('kefu-report.csv');
    const lines = (r.body as string)
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0].split(',')).toContain('time_basis');
    expect(lines).toHaveLength(4); // header + three resolved
    expect(lines.slice(1).every((l) => l.endsWith('"business"'))).toBe(true);
    expect(r.body).toContain(`"'@evil"`);
    expect(r.body).toContain(`"0"`); // the business FRT of the first (0 s), not its calendar 60 s
    const all = await get(supA, `/api/v1/reports/export.csv?${DAY}`);
    expect(all.body).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(all.body).toContain(`"vip;+sum"`); // a cell starting with "v" is left as is
    expect(all.body).not.toMatch(/(^|,)"[=+\-@]/m);
  });
});
