/** Proactive messages: contact events posted through the API (delayed rules) and widget page views. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../core/lib/clock.ts';
import { hmacHex } from '../../core/lib/crypto.ts';
import {
  testApp,
  waitFor,
  type Session,
  type SeededAccount,
  type TestApp,
} from '../../test/test-app.ts';
import { fireDueJobs } from './rules/contact-events.ts';
import { eventually } from './test/helpers.ts';

let t: TestApp;
let acct: SeededAccount;
let owner: Session, sup: Session, a1: Session;
const T0 = Date.parse('2026-11-23T02:00:00Z');
const DAY = 86_400_000;
const clock = fixedClock(T0);

const auditOf = async (ruleId: string) =>
  (await t.api('GET', `/api/v1/automation/audit?ruleId=${ruleId}&limit=200`, { session: sup })).body
    .data as Array<{
    outcome: string;
    conversationId: string | null;
    eventType: string;
    detail: any;
  }>;
const messagesOf = async (id: string) =>
  (await t.api('GET', `/api/v1/conversations/${id}/messages`, { session: a1 })).body.data as Array<{
    type: string;
    content: string;
    attributes: any;
  }>;
const postEvent = (body: Record<string, unknown>, session: Session = a1) =>
  t.api('POST', '/api/v1/automation/events', { session, body });
const rule = async (body: Record<string, unknown>) => {
  const r = await t.api('POST', '/api/v1/automation/rules', { session: owner, body });
  expect(r.status).toBe(201);
  return r.body.id as string;
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

describe('contact events: "3 days after order.delivered → open a conversation"', () => {
  let ruleId: string;
  let contactId: string;

  it('recording an event schedules the matching rules, once per event', async () => {
    ruleId = await rule({
      name: 'review request',
      event: 'contact_event',
      trigger: { eventName: 'order.delivered', delayMinutes: 3 * 24 * 60 },
      conditions: { all: [{ field: 'event.attributes.total', op: 'gte', value: 100 }] },
      actions: [
        {
          type: 'open_conversation',
          inboxId: acct.inboxId,
          content: '{{contact.name}}您好，订单 {{event.orderId}} 用得怎么样？',
        },
        { type: 'add_label', label: 'review' },
      ],
    });
    await rule({
      name: 'other event',
      event: 'contact_event',
      trigger: { eventName: 'order.cancelled' },
      actions: [{ type: 'add_label', label: 'cancelled' }],
    });
    const body = {
      contactExternalId: 'cust-42',
      name: 'order.delivered',
      attributes: { orderId: 'SO-1', total: 150 },
      occurredAt: new Date(T0).toISOString(),
      contact: { name: '王芳' },
    };
    const r = await postEvent(body);
    expect(r.status).toBe(202);
    expect(r.body).toMatchObject({
      duplicate: false,
      scheduled: [{ ruleId, dueAt: new Date(T0 + 3 * DAY).toISOString() }],
    });
    contactId = r.body.contactId;
    const again = await postEvent(body); // retried by the shop: no second job
    expect(again.body).toMatchObject({ id: r.body.id, duplicate: true, scheduled: [] });
    // a small order: scheduled too, but the conditions are evaluated when due and do not match
    expect(
      (
        await postEvent({
          ...body,
          attributes: { orderId: 'SO-2', total: 20 },
          occurredAt: new Date(T0 + 1000).toISOString(),
        })
      ).body.scheduled,
    ).toHaveLength(1);
  });

  it('fires when due, exactly once even with two nodes ticking; the customer can answer in the opened conversation', async () => {
    clock.set(T0 + 3 * DAY - 1000);
    expect(await fireDueJobs(t.services)).toBe(0);
    clock.set(T0 + 3 * DAY + 1000);
    const [x, y] = await Promise.all([fireDueJobs(t.services), fireDueJobs(t.services)]); // two nodes (+ the server's own ticker)
    expect(x + y).toBeLessThanOrEqual(1);
    await eventually(
      () => auditOf(ruleId),
      (a) => a.length > 0,
    );
    await new Promise((r) => setTimeout(r, 100));
    expect(await fireDueJobs(t.services)).toBe(0);
    const audit = await auditOf(ruleId);
    expect(audit).toEqual([
      expect.objectContaining({ outcome: 'fired', eventType: 'contact_event' }),
    ]);
    const id = audit[0].conversationId!;
    const c = (await t.api('GET', `/api/v1/conversations/${id}`, { session: a1 })).body;
    expect(c).toMatchObject({ status: 'pending', contactId, labels: ['review'], assigneeId: null });
    const out = (await messagesOf(id)).filter((m) => m.type === 'outgoing');
    expect(out).toEqual([
      expect.objectContaining({
        content: '王芳您好，订单 SO-1 用得怎么样？',
        attributes: expect.objectContaining({ kind: 'auto_reply', rule: ruleId, proactive: true }),
      }),
    ]);
    // the customer (identified with the same external id) sees it and answers: the conversation reopens
    const v = await t.api('POST', '/widget/v1/sessions', {
      body: {
        inboxToken: acct.inboxToken,
        identity: { id: 'cust-42', hash: hmacHex(acct.hmacSecret, 'cust-42') },
      },
    });
    expect(v.body.contact.id).toBe(contactId);
    const seen = await t.api('GET', '/widget/v1/messages', { token: v.body.visitorToken });
    expect(seen.body.data.map((m: { content: string }) => m.content)).toContain(
      '王芳您好，订单 SO-1 用得怎么样？',
    );
    await t.api('POST', '/widget/v1/messages', {
      token: v.body.visitorToken,
      body: { content: '挺好的，谢谢', clientMessageId: 'ce-1' },
    });
    expect(
      await eventually(
        async () =>
          (await t.api('GET', `/api/v1/conversations/${id}`, { session: a1 })).body.status,
        (s) => s === 'open',
      ),
    ).toBe('open');
  });

  it('a failing rule is audited once and its job is not retried', async () => {
    const broken = await rule({
      name: 'wrong inbox',
      event: 'contact_event',
      trigger: { eventName: 'trial.ended' },
      actions: [
        {
          type: 'open_conversation',
          inboxId: '01900000-0000-7000-8000-000000000000',
          content: 'hi',
        },
      ],
    });
    await postEvent({ contactExternalId: 'cust-7', name: 'trial.ended' });
    await fireDueJobs(t.services);
    await eventually(
      () => auditOf(broken),
      (a) => a.length > 0,
    );
    await fireDueJobs(t.services);
    expect(await auditOf(broken)).toEqual([
      expect.objectContaining({
        outcome: 'error',
        detail: expect.objectContaining({ error: 'not_found' }),
      }),
    ]);
  });

  it('validates events and needs a signed-in user or API token', async () => {
    expect(
      (
        await t.api('POST', '/api/v1/automation/events', {
          body: { contactExternalId: 'x', name: 'a' },
        })
      ).status,
    ).toBe(401);
    const token = await t.api('POST', '/api/v1/me/tokens', {
      session: owner,
      body: { name: 'shop backend' },
    });
    const viaToken = await t.api('POST', '/api/v1/automation/events', {
      token: token.body.token,
      body: { contactExternalId: 'cust-9', name: 'order.paid' },
    });
    expect(viaToken.status).toBe(202);
    expect(viaToken.body).toMatchObject({ duplicate: false, scheduled: [] });
    const bad = await postEvent({ contactExternalId: 'x', name: 'has spaces' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_request');
    expect(
      (await postEvent({ contactExternalId: 'x', name: 'a', occurredAt: 'yesterday' })).status,
    ).toBe(400);
    const noTrigger = await t.api('POST', '/api/v1/automation/rules', {
      session: owner,
      body: { name: 'x', event: 'contact_event', actions: [{ type: 'resolve' }] },
    });
    expect(noTrigger.body.error.code).toBe('invalid_trigger');
  });
});

describe('page views: "on /pricing for 30 s → proactive message"', () => {
  it("posts once per cooldown into the visitor's conversation, opening one when needed", async () => {
    clock.set(T0 + 10 * DAY);
    const ruleId = await rule({
      name: 'pricing help',
      event: 'page_view',
      trigger: { cooldownMinutes: 60 },
      conditions: {
        all: [
          { field: 'page.secondsOnPage', op: 'gte', value: 30 },
          { field: 'page.path', op: 'matches', value: '^/pricing' },
        ],
      },
      actions: [{ type: 'send_message', content: '需要帮您选择套餐吗？' }],
    });
    const v = await t.visitor(acct.inboxToken);
    const view = (body: Record<string, unknown>) =>
      t.api('POST', '/widget/v1/page-view', { token: v.token, body });
    const url = 'https://shop.example.com/pricing?plan=pro';
    expect((await view({ url, secondsOnPage: 10 })).body).toEqual({
      fired: 0,
      conversationId: null,
    });
    expect(
      (await view({ url: 'https://shop.example.com/about', secondsOnPage: 300 })).body.fired,
    ).toBe(0);

    const sock = await t.visitorSocket(v.token);
    const pushed = waitFor(
      sock,
      'message',
      (m: { message: { content: string } }) => m.message.content === '需要帮您选择套餐吗？',
    );
    const first = await view({ url, title: 'Pricing', secondsOnPage: 31 });
    expect(first.status).toBe(200);
    expect(first.body.fired).toBe(1);
    const conversationId = first.body.conversationId;
    expect((await pushed).message).toMatchObject({
      type: 'outgoing',
      attributes: { kind: 'auto_reply', rule: ruleId },
    });
    expect((await view({ url, secondsOnPage: 45 })).body.fired).toBe(0); // cooldown
    clock.advance(61 * 60_000);
    expect((await view({ url, secondsOnPage: 35 })).body).toEqual({ fired: 1, conversationId }); // same (pending) conversation

    const reply = await t.api('POST', '/widget/v1/messages', {
      token: v.token,
      body: { content: '是的，专业版和企业版有什么区别？', clientMessageId: 'pv-1' },
    });
    expect(reply.body.conversation.id).toBe(conversationId);
    expect(
      await eventually(
        async () =>
          (await t.api('GET', `/api/v1/conversations/${conversationId}`, { session: a1 })).body
            .status,
      ),
    ).toBe('open');
    expect((await auditOf(ruleId)).filter((a) => a.outcome === 'fired')).toHaveLength(2);
  });

  it('rejects bad reports and missing visitor tokens', async () => {
    const v = await t.visitor(acct.inboxToken);
    expect(
      (
        await t.api('POST', '/widget/v1/page-view', {
          body: { url: 'https://a.b/', secondsOnPage: 1 },
        })
      ).status,
    ).toBe(401);
    const bad = await t.api('POST', '/widget/v1/page-view', {
      token: v.token,
      body: { url: 'javascript:alert(1)', secondsOnPage: 1 },
    });
    expect(bad.status).toBe(400);
    expect(
      (
        await t.api('POST', '/widget/v1/page-view', {
          token: v.token,
          body: { url: 'https://a.b/', secondsOnPage: -1 },
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await t.api('POST', '/widget/v1/page-view', {
          token: v.token,
          body: { url: 'https://a.b/', secondsOnPage: 1, extra: 1 },
        })
      ).status,
    ).toBe(400);
  });
});
