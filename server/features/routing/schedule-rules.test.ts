/** Schedule-triggered automation rules through the real server, with a controllable clock. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../core/lib/clock.ts';
import { testApp, type Session, type SeededAccount, type TestApp } from '../../test/test-app.ts';
import { runScheduledRules } from './rules/schedule.ts';
import { customer, eventually } from './test/helpers.ts';

let t: TestApp;
let acct: SeededAccount;
let owner: Session, sup: Session, a1: Session;
const T0 = Date.parse('2026-11-23T02:00:00Z'); // Monday 10:00 in Shanghai, on a 10-minute slot
const clock = fixedClock(T0);
const MIN = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

const conv = async (id: string) =>
  (await t.api('GET', `/api/v1/conversations/${id}`, { session: sup })).body;
// the server's own ticker runs too (same clock): counts are checked on the audit, which it shares
const fired = async (ruleId: string, n: number) => {
  await eventually(
    async () => (await auditOf(ruleId)).filter((a) => a.outcome === 'fired').length,
    (x) => x >= n,
  );
  await new Promise((r) => setTimeout(r, 100));
  expect((await auditOf(ruleId)).filter((a) => a.outcome === 'fired')).toHaveLength(n);
};
const auditOf = async (ruleId: string) =>
  (await t.api('GET', `/api/v1/automation/audit?ruleId=${ruleId}&limit=200`, { session: sup })).body
    .data as Array<{ outcome: string; conversationId: string; eventType: string }>;
const ruleById = async (id: string) =>
  (
    (await t.api('GET', '/api/v1/automation/rules', { session: owner })).body.data as Array<{
      id: string;
      nextRunAt: string | null;
      lastRunAt: string | null;
    }>
  ).find((r) => r.id === id)!;
const createRule = async (body: Record<string, unknown>) => {
  const r = await t.api('POST', '/api/v1/automation/rules', {
    session: owner,
    body: { event: 'schedule', ...body },
  });
  expect(r.status).toBe(201);
  return r.body;
};

beforeAll(async () => {
  // The clock jumps days ahead: sessions must outlive the jumps (SESSION_IDLE_MINUTES is 12 h).
  t = await testApp({ SESSION_IDLE_MINUTES: String(100 * 24 * 60), SESSION_MAX_DAYS: '100' });
  t.services.clock = clock;
  acct = await t.seedAccount();
  [owner, sup, a1] = await Promise.all([
    t.login(acct.users.owner.email, 'password-123'),
    t.login(acct.users.supervisor.email, 'password-123'),
    t.login(acct.users.agent.email, 'password-123'),
  ]);
});
afterAll(async () => {
  await t.stop();
});

describe('schedule rules', () => {
  let pending: { conversationId: string }, open: { conversationId: string };
  let resolver: { id: string }, notifier: { id: string; nextRunAt: string | null };

  it('"pending for more than 24 h → resolve", every 10 minutes; a slot missed while down runs once', async () => {
    resolver = await createRule({
      name: 'close stale pending',
      trigger: { everyMinutes: 10 },
      conditions: {
        all: [
          { field: 'conversation.status', op: 'eq', value: 'pending' },
          { field: 'conversation.idleMinutes', op: 'gte', value: 24 * 60 },
        ],
      },
      actions: [{ type: 'resolve' }],
    });
    expect(resolver).toMatchObject({
      event: 'schedule',
      trigger: { everyMinutes: 10 },
      nextRunAt: iso(T0 + 10 * MIN),
      lastRunAt: null,
    });
    pending = await customer(t, acct.inboxToken, 'I will send the photo later');
    open = await customer(t, acct.inboxToken, 'where is my parcel');
    expect(
      (
        await t.api('PATCH', `/api/v1/conversations/${pending.conversationId}`, {
          session: a1,
          body: { status: 'pending' },
        })
      ).status,
    ).toBe(200);

    clock.set(T0 + 9 * MIN);
    await runScheduledRules(t.services);
    expect((await ruleById(resolver.id)).lastRunAt).toBeNull(); // not due yet

    clock.set(T0 + 24 * 60 * MIN + 25 * MIN); // the node was "down": 145 slots passed
    await runScheduledRules(t.services);
    expect(
      await eventually(
        () => conv(pending.conversationId),
        (c) => c.status === 'resolved',
      ),
    ).toBeTruthy();
    await fired(resolver.id, 1);
    expect((await conv(open.conversationId)).status).toBe('open');
    const r = await ruleById(resolver.id);
    expect(r).toMatchObject({
      lastRunAt: iso(T0 + 10 * MIN),
      nextRunAt: iso(T0 + 24 * 60 * MIN + 30 * MIN),
    });
    expect(await auditOf(resolver.id)).toEqual([
      expect.objectContaining({
        outcome: 'fired',
        conversationId: pending.conversationId,
        eventType: 'schedule',
      }),
    ]);
    expect(await runScheduledRules(t.services)).toBe(0); // the slot is claimed: nothing runs twice
  });

  it("daily at 09:00 in the rule's zone; two nodes ticking at once fire a slot once; unchanged conversations are not notified again", async () => {
    notifier = await createRule({
      name: 'vip waiting',
      trigger: { dailyAt: '09:00', timezone: 'Asia/Shanghai' },
      conditions: {
        all: [
          { field: 'conversation.labels', op: 'contains', value: 'vip' },
          { field: 'conversation.waitingMinutes', op: 'gte', value: 120 },
        ],
      },
      actions: [{ type: 'notify', to: 'supervisors', message: 'VIP waiting for more than 2 h' }],
    });
    expect(notifier.nextRunAt).toBe('2026-11-25T01:00:00.000Z'); // Wednesday 09:00 Shanghai (Tuesday's has passed)
    await t.api('PUT', `/api/v1/conversations/${open.conversationId}/labels`, {
      session: a1,
      body: { labels: ['vip'] },
    });
    const sock = await t.agentSocket(sup);
    const notices: unknown[] = [];
    sock.on('event', (e: { type: string }) => {
      if (e.type === 'automation.notification') notices.push(e);
    });

    clock.set(Date.parse('2026-11-25T01:00:00Z'));
    const [x, y] = await Promise.all([
      runScheduledRules(t.services),
      runScheduledRules(t.services),
    ]); // "two nodes" (+ the server's ticker)
    expect(x + y).toBeLessThanOrEqual(1);
    await fired(notifier.id, 1);
    await eventually(
      async () => notices.length,
      (n) => n === 1,
    );

    clock.set(Date.parse('2026-11-26T01:00:00Z')); // next day, conversation unchanged: no repeat
    await runScheduledRules(t.services);
    expect((await ruleById(notifier.id)).lastRunAt).toBe('2026-11-26T01:00:00.000Z');
    await fired(notifier.id, 1);

    await t.api('PUT', `/api/v1/conversations/${open.conversationId}/labels`, {
      session: a1,
      body: { labels: ['vip', 'parcel'] },
    });
    clock.set(Date.parse('2026-11-27T01:00:00Z'));
    await runScheduledRules(t.services);
    await fired(notifier.id, 2);
  });

  it('disabling clears the next slot; enabling again starts from the next slot', async () => {
    const off = await t.api('PATCH', `/api/v1/automation/rules/${notifier.id}`, {
      session: owner,
      body: { enabled: false },
    });
    expect(off.body).toMatchObject({ enabled: false, nextRunAt: null });
    const on = await t.api('PATCH', `/api/v1/automation/rules/${notifier.id}`, {
      session: owner,
      body: { enabled: true },
    });
    expect(on.body.nextRunAt).toBe('2026-11-28T01:00:00.000Z');
    const every = await t.api('PATCH', `/api/v1/automation/rules/${notifier.id}`, {
      session: owner,
      body: { trigger: { everyMinutes: 60 } },
    });
    expect(every.body).toMatchObject({
      trigger: { everyMinutes: 60 },
      nextRunAt: '2026-11-27T02:00:00.000Z',
    });
  });

  it('rejects schedules that are missing or invalid, and triggers on domain events', async () => {
    const bad = async (body: Record<string, unknown>) => {
      const r = await t.api('POST', '/api/v1/automation/rules', {
        session: owner,
        body: { name: 'x', event: 'schedule', actions: [{ type: 'resolve' }], ...body },
      });
      expect(r.status).toBe(400);
      return r.body.error;
    };
    expect((await bad({})).code).toBe('invalid_trigger');
    expect((await bad({ trigger: { everyMinutes: 0 } })).code).toBe('invalid_trigger');
    expect((await bad({ trigger: { dailyAt: '25:00' } })).code).toBe('invalid_trigger');
    expect(
      JSON.stringify(await bad({ trigger: { dailyAt: '09:00', timezone: 'Mars/Base' } })),
    ).toContain('unknown time zone');
    expect((await bad({ event: 'message_received', trigger: { everyMinutes: 5 } })).code).toBe(
      'invalid_trigger',
    );
    expect(
      (
        await t.api('PATCH', `/api/v1/automation/rules/${resolver.id}`, {
          session: owner,
          body: { trigger: { dailyAt: 'noon' } },
        })
      ).body.error.code,
    ).toBe('invalid_trigger');
  });
});
