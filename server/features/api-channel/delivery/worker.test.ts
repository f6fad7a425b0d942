/**
 * The retry loop with a clock and timers moved by hand (the server runs without the worker role, so
 * only this test's worker sends): a receiver that is down gets the delivery once it is back, one that
 * answers 500 every time makes it dead after the last attempt, an admin redelivers it, claims keep
 * two workers from sending one delivery twice, the SSRF guard refuses a private address.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testApp, type SeededAccount, type Session, type TestApp } from '../../../test/test-app.ts';
import { until } from '../../../test/wait.ts';
import { retryDelayMs } from '../domain/policy.ts';
import {
  appSends,
  createApiInbox,
  deliveriesOf,
  ManualTimers,
  manualClock,
  Receiver,
  setWebhook,
  type ApiInbox,
} from '../test/harness.ts';
import { claimDue } from './claims.ts';
import { registerWorker } from './registry.ts';
import { DeliveryWorker } from './worker.ts';

let t: TestApp;
let acct: SeededAccount;
let admin: Session;
let agent: Session;
let clock: ReturnType<typeof manualClock>;
let timers: ManualTimers;
let worker: DeliveryWorker;

beforeAll(async () => {
  // no worker role: the feature's own delivery loop does not run, this test's does
  t = await testApp({ ROLES: 'web,realtime', OUTBOUND_ALLOW_PRIVATE: 'true' });
  acct = await t.seedAccount();
  admin = await t.login(acct.users.owner.email, acct.users.owner.password);
  agent = await t.login(acct.users.agent.email, acct.users.agent.password);
});
afterAll(async () => {
  await worker?.stop();
  await t.stop();
});
beforeEach(async () => {
  await worker?.stop();
  // each test starts with no deliveries (the worker claims across inboxes)
  await t.services.database.db.deleteFrom('api_channel_deliveries').execute();
  // the worker's clock runs a minute ahead of the server's (as another node's might): what the
  // server enqueues "now" is due for it, and from then on only this clock moves retries
  clock = manualClock(Date.now() + 60_000);
  timers = new ManualTimers();
  worker = new DeliveryWorker({ services: t.services, now: clock.now, timers });
  registerWorker(t.services, worker);
  worker.start();
});

/** A new API inbox with its webhook at `receiver` (which then checks signatures on the test clock). */
async function hooked(receiver: Receiver): Promise<ApiInbox> {
  const inbox = await createApiInbox(t, admin);
  receiver.secret = await setWebhook(t, admin, inbox.inboxId, receiver.url);
  receiver.now = clock.now;
  return inbox;
}

/** The app's user writes, an agent answers: one delivery is pending. */
async function replyIn(inbox: ApiInbox, text = 'answer') {
  const sent = await appSends(t, inbox, `u-${Math.random().toString(36).slice(2)}`, 'question');
  const r = await t.api('POST', `/api/v1/conversations/${sent.body.conversation.id}/messages`, {
    session: agent,
    body: { content: text, clientMessageId: `a-${Math.random().toString(36).slice(2)}` },
  });
  expect(r.status).toBe(201);
  const [row] = await until(
    async () =>
      (await deliveriesOf(t.services, inbox.inboxId)).filter((d) => d.message_id === r.body.id),
    (rows) => rows.length === 1,
    { what: 'the delivery' },
  );
  return row;
}

const rowOf = async (inbox: ApiInbox, id: string) =>
  (await deliveriesOf(t.services, inbox.inboxId)).find((d) => d.id === id)!;

describe('delivery worker', () => {
  it('a new delivery kicks the worker; the kick sends it at once', async () => {
    const receiver = await new Receiver().up();
    try {
      const inbox = await hooked(receiver);
      const row = await replyIn(inbox);
      expect(timers.size).toBeGreaterThanOrEqual(2); // the poll and the processor's kick
      timers.fireAll();
      await until(
        async () => (await rowOf(inbox, row.id)).status,
        (s) => s === 'delivered',
      );
      expect(receiver.received).toHaveLength(1);
      expect(receiver.received[0].verified.ok).toBe(true);
    } finally {
      await receiver.down();
    }
  });

  it('receiver down: retried with backoff, delivered once it is back', async () => {
    const receiver = await new Receiver().up();
    await receiver.down(); // its port now refuses connections
    const inbox = await hooked(receiver);
    const row = await replyIn(inbox);

    expect(await worker.runDue()).toMatchObject({ attempted: 1, retrying: 1 });
    let d = await rowOf(inbox, row.id);
    expect(d).toMatchObject({ status: 'pending', attempts: 1, last_error: 'connection_failed' });
    expect(Number(d.next_attempt_at)).toBe(clock.at + retryDelayMs(1));

    expect((await worker.runDue()).attempted).toBe(0); // not due yet
    clock.advance(retryDelayMs(1));
    expect(await worker.runDue()).toMatchObject({ attempted: 1, retrying: 1 });
    d = await rowOf(inbox, row.id);
    expect(d).toMatchObject({ attempts: 2 });
    expect(Number(d.next_attempt_at)).toBe(clock.at + retryDelayMs(2));

    await receiver.up(); // same port
    try {
      clock.advance(retryDelayMs(2));
      expect(await worker.runDue()).toMatchObject({ attempted: 1, delivered: 1 });
      d = await rowOf(inbox, row.id);
      expect(d).toMatchObject({
        status: 'delivered',
        attempts: 3,
        last_status: 200,
        last_error: null,
      });
      expect(receiver.received).toHaveLength(1);
      const [got] = receiver.received;
      expect(got.verified.ok).toBe(true);
      expect(got.headers['x-kefu-delivery']).toBe(row.id);
      expect(got.body).toBe(row.payload);
    } finally {
      await receiver.down();
    }
  });

  it('500 on every attempt: dead after the last one, listed, and an admin redelivers it', async () => {
    const receiver = await new Receiver().up();
    try {
      receiver.answer = () => 500;
      const inbox = await hooked(receiver);
      const row = await replyIn(inbox, 'this one dies');
      for (let attempt = 1; attempt <= worker.policy.maxAttempts; attempt++) {
        const stats = await worker.runDue();
        expect(stats.attempted).toBe(1);
        clock.advance(retryDelayMs(attempt));
      }
      const dead = await rowOf(inbox, row.id);
      expect(dead).toMatchObject({
        status: 'dead',
        attempts: 12,
        last_status: 500,
        last_error: 'http_500',
      });
      expect((await worker.runDue()).attempted).toBe(0);
      expect(receiver.received).toHaveLength(12);
      expect(new Set(receiver.received.map((r) => r.headers['x-kefu-delivery']))).toEqual(
        new Set([row.id]),
      );
      expect(receiver.received.every((r) => r.verified.ok && r.body === row.payload)).toBe(true);

      const base = `/api/v1/inboxes/${inbox.inboxId}/api-channel`;
      const list = await t.api('GET', `${base}/deliveries?status=dead`, { session: admin });
      expect(list.status).toBe(200);
      expect(list.body.data).toEqual([
        expect.objectContaining({
          id: row.id,
          status: 'dead',
          attempts: 12,
          lastError: 'http_500',
          lastStatus: 500,
        }),
      ]);
      expect((await t.api('GET', base, { session: admin })).body.deliveries).toEqual({
        pending: 0,
        dead: 1,
      });

      receiver.answer = () => 204;
      const again = await t.api('POST', `${base}/deliveries/${row.id}/redeliver`, {
        session: admin,
      });
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({
        id: row.id,
        status: 'delivered',
        attempts: 1,
        lastStatus: 204,
      });
      expect(receiver.received).toHaveLength(13);
      expect(receiver.received[12].headers['x-kefu-delivery']).toBe(row.id);
      expect(receiver.received[12].verified.ok).toBe(true);
      const twice = await t.api('POST', `${base}/deliveries/${row.id}/redeliver`, {
        session: admin,
      });
      expect(twice.status).toBe(409);
      expect(twice.body.error.code).toBe('delivery_not_dead');
      expect(
        (await t.api('GET', `${base}/deliveries?status=dead`, { session: admin })).body.data,
      ).toEqual([]);
    } finally {
      await receiver.down();
    }
  });

  it("a claim is a lease: two workers never send one delivery twice; a dead worker's claim runs out", async () => {
    const receiver = await new Receiver().up();
    try {
      const inbox = await hooked(receiver);
      const row = await replyIn(inbox);
      const other = new DeliveryWorker({
        services: t.services,
        now: clock.now,
        timers: new ManualTimers(),
      });
      const [a, b] = await Promise.all([worker.runDue(), other.runDue()]);
      expect(a.attempted + b.attempted).toBe(1);
      expect(receiver.received).toHaveLength(1);

      // a worker that claimed and died: the delivery is due again after the lease, not before
      const second = await replyIn(inbox, 'claimed then lost');
      const claimed = await claimDue(t.services.database.db, clock.at, worker.policy.leaseMs, 10);
      expect(claimed.map((r) => r.id)).toEqual([second.id]);
      expect((await worker.runDue()).attempted).toBe(0);
      clock.advance(worker.policy.leaseMs);
      expect(await worker.runDue()).toMatchObject({ attempted: 1, delivered: 1 });
      expect(receiver.received.map((r) => r.headers['x-kefu-delivery'])).toEqual([
        row.id,
        second.id,
      ]);
    } finally {
      await receiver.down();
    }
  });

  it('a rotated secret signs alongside the new one for a day', async () => {
    const receiver = await new Receiver().up();
    try {
      const inbox = await hooked(receiver);
      const old = receiver.secret;
      const rotated = await t.api(
        'POST',
        `/api/v1/inboxes/${inbox.inboxId}/api-channel/webhook/secret`,
        {
          session: admin,
        },
      );
      expect(rotated.status).toBe(200);
      expect(rotated.body.secret).not.toBe(old);
      expect(rotated.body.settings.webhook.previousSecretUntil).not.toBeNull();
      await replyIn(inbox);
      await worker.runDue();
      const [got] = receiver.received;
      expect(String(got.headers['x-kefu-signature']).split(',')).toHaveLength(2);
      expect(got.verified.ok).toBe(true); // the receiver still has the old secret
      receiver.secret = rotated.body.secret;
      clock.advance(24 * 3_600_000 + 1);
      await replyIn(inbox);
      await worker.runDue();
      expect(String(receiver.received[1].headers['x-kefu-signature']).split(',')).toHaveLength(1);
      expect(receiver.received[1].verified.ok).toBe(true);
    } finally {
      await receiver.down();
    }
  });

  it('the SSRF guard: without OUTBOUND_ALLOW_PRIVATE a loopback receiver is never reached', async () => {
    const receiver = await new Receiver().up();
    try {
      const inbox = await hooked(receiver);
      const guarded = new DeliveryWorker({
        services: t.services,
        now: clock.now,
        timers: new ManualTimers(),
        allowPrivate: false,
      });
      const row = await replyIn(inbox);
      expect(await guarded.runDue()).toMatchObject({ attempted: 1, retrying: 1 });
      expect(await rowOf(inbox, row.id)).toMatchObject({
        status: 'pending',
        last_error: 'blocked_address',
      });
      // a host name that resolves to loopback is refused after DNS too
      await setWebhook(t, admin, inbox.inboxId, `http://localhost:${receiver.port}/hook`);
      clock.advance(retryDelayMs(1));
      await guarded.runDue();
      expect(await rowOf(inbox, row.id)).toMatchObject({
        attempts: 2,
        last_error: 'blocked_address',
      });
      expect(receiver.received).toHaveLength(0);
    } finally {
      await receiver.down();
    }
  });

  it('a webhook removed while a delivery waits: dead, and no redelivery until there is a URL again', async () => {
    const receiver = await new Receiver().up();
    try {
      const inbox = await hooked(receiver);
      const row = await replyIn(inbox);
      const base = `/api/v1/inboxes/${inbox.inboxId}/api-channel`;
      await t.api('PUT', `${base}/webhook`, { session: admin, body: { url: null } });
      await worker.runDue();
      expect(await rowOf(inbox, row.id)).toMatchObject({
        status: 'dead',
        last_error: 'webhook_not_configured',
      });
      const refused = await t.api('POST', `${base}/deliveries/${row.id}/redeliver`, {
        session: admin,
      });
      expect(refused.status).toBe(409);
      expect(refused.body.error.code).toBe('webhook_not_configured');
      receiver.secret = await setWebhook(t, admin, inbox.inboxId, receiver.url);
      const ok = await t.api('POST', `${base}/deliveries/${row.id}/redeliver`, { session: admin });
      expect(ok.body).toMatchObject({ status: 'delivered' });
      expect(receiver.received).toHaveLength(1);
      expect(receiver.received[0].verified.ok).toBe(true);
    } finally {
      await receiver.down();
    }
  });
});
