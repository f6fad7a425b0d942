/** A priority change re-chooses the SLA policy; timers keep the business time already elapsed (controllable clock). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../core/lib/clock.ts';
import { testApp, type Session, type SeededAccount, type TestApp } from '../../test/test-app.ts';
import { fireDueSlaTimers } from './commands/sla.ts';
import { customer, eventually } from './test/helpers.ts';

let t: TestApp;
let acct: SeededAccount;
let owner: Session, a1: Session;
const T0 = Date.parse('2026-11-23T02:00:00Z'); // Monday 10:00 in Shanghai
const clock = fixedClock(T0);
const MIN = 60_000;
const isoAt = (ms: number) => new Date(ms).toISOString();

type Timer = {
  kind: string;
  state: string;
  dueAt: string | null;
  warned: boolean;
  remainingMs: number | null;
  policyId: string;
};
const timers = async (id: string) =>
  (await t.api('GET', `/api/v1/conversations/${id}/sla`, { session: a1 })).body.data as Timer[];
const timer = async (id: string, kind: string) => (await timers(id)).find((x) => x.kind === kind);
const until = (id: string, kind: string, ok: (x: Timer | undefined) => boolean) =>
  eventually(() => timer(id, kind), ok);
const setPriority = async (id: string, priority: string) =>
  expect(
    (await t.api('PATCH', `/api/v1/conversations/${id}`, { session: a1, body: { priority } }))
      .status,
  ).toBe(200);
const policy = async (body: Record<string, unknown>) => {
  const r = await t.api('POST', '/api/v1/sla-policies', {
    session: owner,
    body: { businessHoursOnly: false, ...body },
  });
  expect(r.status).toBe(201);
  return r.body.id as string;
};

let standard: string, urgent: string, low: string;

beforeAll(async () => {
  // The clock jumps days ahead: sessions must outlive the jumps (SESSION_IDLE_MINUTES is 12 h).
  t = await testApp({ SESSION_IDLE_MINUTES: String(100 * 24 * 60), SESSION_MAX_DAYS: '100' });
  t.services.clock = clock;
  acct = await t.seedAccount();
  [owner, a1] = await Promise.all([
    t.login(acct.users.owner.email, 'password-123'),
    t.login(acct.users.agent.email, 'password-123'),
  ]);
  standard = await policy({ name: 'Standard', firstResponseMinutes: 60, resolutionMinutes: 600 });
  urgent = await policy({
    name: 'Urgent',
    priority: 'urgent',
    firstResponseMinutes: 10,
    resolutionMinutes: 120,
    warnAtPercent: 80,
  });
  low = await policy({ name: 'Low', priority: 'low', firstResponseMinutes: 240 }); // no resolution target
});
afterAll(async () => {
  await t.stop();
});

describe('SLA policy follows the priority', () => {
  it('urgent: the 10-minute policy applies with the 4 minutes already elapsed; warning and breach follow the new times', async () => {
    clock.set(T0);
    const c = await customer(t, acct.inboxToken, 'my order is wrong');
    expect(await until(c.conversationId, 'first_response', (x) => !!x)).toMatchObject({
      policyId: standard,
      dueAt: isoAt(T0 + 60 * MIN),
    });
    clock.advance(4 * MIN);
    await setPriority(c.conversationId, 'urgent');
    const first = await until(c.conversationId, 'first_response', (x) => x?.policyId === urgent);
    expect(first).toMatchObject({
      state: 'running',
      dueAt: isoAt(T0 + 10 * MIN),
      remainingMs: 6 * MIN,
      warned: false,
    });
    expect(await timer(c.conversationId, 'resolution')).toMatchObject({
      policyId: urgent,
      dueAt: isoAt(T0 + 120 * MIN),
    });

    clock.set(T0 + 8 * MIN - 1);
    expect(await fireDueSlaTimers(t.services)).toBe(0);
    clock.set(T0 + 8 * MIN); // 80 % of 10 minutes (the server's ticker may fire it first)
    await fireDueSlaTimers(t.services);
    expect(await until(c.conversationId, 'first_response', (x) => !!x?.warned)).toMatchObject({
      warned: true,
      state: 'running',
    });

    // back to normal: 60 minutes again, 8 elapsed; the warning point (48 min) lies ahead, so it can warn again
    await setPriority(c.conversationId, 'none');
    expect(
      await until(c.conversationId, 'first_response', (x) => x?.policyId === standard),
    ).toMatchObject({ dueAt: isoAt(T0 + 60 * MIN), warned: false });
    clock.set(T0 + 48 * MIN);
    await fireDueSlaTimers(t.services);
    await until(c.conversationId, 'first_response', (x) => !!x?.warned);
    await setPriority(c.conversationId, 'urgent'); // 48 minutes elapsed of a 10-minute target: due now, breached by the ticker
    expect(
      await until(c.conversationId, 'first_response', (x) => x?.policyId === urgent),
    ).toMatchObject({ dueAt: isoAt(T0 + 48 * MIN), warned: true });
    await fireDueSlaTimers(t.services);
    expect(
      await until(c.conversationId, 'first_response', (x) => x?.state === 'breached'),
    ).toBeTruthy();
  });

  it('a paused timer keeps its pause; the remaining time is recomputed and applies on resume', async () => {
    clock.set(T0 + 2 * 3_600_000);
    const c = await customer(t, acct.inboxToken, 'please check');
    await until(c.conversationId, 'resolution', (x) => !!x);
    await t.api('POST', `/api/v1/conversations/${c.conversationId}/messages`, {
      session: a1,
      body: { content: 'checking' },
    });
    clock.advance(30 * MIN);
    await t.api('PATCH', `/api/v1/conversations/${c.conversationId}`, {
      session: a1,
      body: { status: 'pending' },
    });
    expect(await until(c.conversationId, 'resolution', (x) => x?.state === 'paused')).toMatchObject(
      { remainingMs: 570 * MIN },
    );
    clock.advance(5 * 3_600_000); // waiting on the customer does not count
    await setPriority(c.conversationId, 'urgent');
    expect(
      await until(c.conversationId, 'resolution', (x) => x?.policyId === urgent),
    ).toMatchObject({ state: 'paused', remainingMs: 90 * MIN, dueAt: null });
    clock.advance(MIN);
    await t.api('PATCH', `/api/v1/conversations/${c.conversationId}`, {
      session: a1,
      body: { status: 'open' },
    });
    expect(
      await until(c.conversationId, 'resolution', (x) => x?.state === 'running'),
    ).toMatchObject({ dueAt: isoAt(clock.now() + 90 * MIN) });
  });

  it('kinds the new policy lacks are cancelled, and come back with the elapsed time when a policy has them again', async () => {
    clock.set(T0 + 10 * 3_600_000);
    const start = clock.now();
    const c = await customer(t, acct.inboxToken, 'low priority question');
    await until(c.conversationId, 'resolution', (x) => !!x);
    clock.advance(20 * MIN);
    await setPriority(c.conversationId, 'low');
    expect(
      await until(c.conversationId, 'resolution', (x) => x?.state === 'cancelled'),
    ).toBeTruthy();
    expect(await timer(c.conversationId, 'first_response')).toMatchObject({
      policyId: low,
      dueAt: isoAt(start + 240 * MIN),
    });
    clock.advance(10 * MIN);
    await setPriority(c.conversationId, 'urgent');
    expect(
      await until(c.conversationId, 'resolution', (x) => x?.state === 'running'),
    ).toMatchObject({ policyId: urgent, dueAt: isoAt(start + 120 * MIN) });
    // 30 minutes elapsed of a 10-minute first response: due at once
    expect(await timer(c.conversationId, 'first_response')).toMatchObject({
      policyId: urgent,
      dueAt: isoAt(start + 30 * MIN),
    });
  });

  it('counts business hours of the new policy', async () => {
    const put = await t.api('PUT', '/api/v1/routing/settings', {
      session: owner,
      body: {
        businessHours: {
          timezone: 'Asia/Shanghai',
          weekly: { mon: [['09:00', '18:00']], tue: [['09:00', '18:00']] },
        },
      },
    });
    expect(put.status).toBe(200);
    const high = await policy({
      name: 'High',
      priority: 'high',
      firstResponseMinutes: 30,
      businessHoursOnly: true,
    });
    clock.set(Date.parse('2026-11-23T09:50:00Z')); // Monday 17:50 Shanghai
    const c = await customer(t, acct.inboxToken, 'late question');
    await until(c.conversationId, 'first_response', (x) => !!x);
    clock.advance(5 * MIN);
    await setPriority(c.conversationId, 'high');
    // 25 business minutes left: 5 until 18:00, then 20 from Tuesday 09:00 → 09:20 Shanghai
    expect(
      await until(c.conversationId, 'first_response', (x) => x?.policyId === high),
    ).toMatchObject({ dueAt: '2026-11-24T01:20:00.000Z', remainingMs: 25 * MIN });
  });
});
