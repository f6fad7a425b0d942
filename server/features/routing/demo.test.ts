/**
 * The "done when" scenario on the demo routing setup: both agents at capacity → a new customer
 * is number 3 with an estimate and is assigned when a slot frees; an angry customer moves up and a
 * supervisor is alerted; an SLA warning fires before the breach; the refund rule works as written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTeam } from '../../core/commands/accounts.ts';
import { execute } from '../../core/commands/context.ts';
import type { EventPayloads } from '../../core/events/catalog.ts';

type MessageAnalyzedPayload = EventPayloads['message.analyzed'];
import { fixedClock } from '../../core/lib/clock.ts';
import { systemActor } from '../../core/policies/actor.ts';
import {
  testApp,
  waitFor,
  type Session,
  type SeededAccount,
  type TestApp,
} from '../../test/test-app.ts';
import { fireDueSlaTimers } from './commands/sla.ts';
import { routingFeature } from './feature.ts';
import { assigneeOf, customer, eventually, online, queuePosition } from './test/helpers.ts';

let t: TestApp;
let acct: SeededAccount;
let li: Session, sam: Session, sup: Session;
let billing: string;
const clock = fixedClock(Date.parse('2026-11-23T02:00:00Z')); // Monday 10:00 Asia/Shanghai

beforeAll(async () => {
  // The clock jumps days ahead: sessions must outlive the jumps (SESSION_IDLE_MINUTES is 12 h).
  t = await testApp({ SESSION_IDLE_MINUTES: String(100 * 24 * 60), SESSION_MAX_DAYS: '100' });
  t.services.clock = clock;
  acct = await t.seedAccount();
  const sys = systemActor(acct.accountId);
  billing = (
    await execute(t.services, sys, createTeam, {
      name: 'Billing 财务',
      memberIds: [acct.users.agent.id],
    })
  ).id;
  const support = (
    await execute(t.services, sys, createTeam, {
      name: 'Support 售后',
      memberIds: [acct.users.agent.id, acct.users.agent2.id],
    })
  ).id;
  await routingFeature.seedDemo!(t.services, {
    accountId: acct.accountId,
    inboxId: acct.inboxId,
    inboxToken: acct.inboxToken,
    userIds: [acct.users.owner.id, acct.users.agent.id, acct.users.agent2.id],
    teamIds: { billing, support },
  });
  [li, sam, sup] = await Promise.all([
    t.login(acct.users.agent.email, 'password-123'),
    t.login(acct.users.agent2.email, 'password-123'),
    t.login(acct.users.supervisor.email, 'password-123'),
  ]);
});
afterAll(async () => {
  await t.stop();
});

const analyzed = (
  conversationId: string,
  o: Partial<MessageAnalyzedPayload>,
): MessageAnalyzedPayload => ({
  messageId: 'm',
  conversationId,
  contactId: 'k',
  inboxId: acct.inboxId,
  language: 'zh',
  sentiment: { label: 'neutral', score: 0 },
  emotion: { label: 'neutral', intensity: 0.1 },
  trend: 'stable',
  intent: null,
  humanRequest: false,
  piiTypes: [],
  ...o,
});
const ai = (conversationId: string, o: Partial<MessageAnalyzedPayload>) =>
  execute(
    t.services,
    systemActor(acct.accountId, 'ai'),
    (ctx) => ctx.events.record('message.analyzed', analyzed(conversationId, o), conversationId),
    null,
  );

describe('demo scenario', () => {
  const busy: Array<{ token: string; conversationId: string }> = [];
  const waiting: Array<{ token: string; conversationId: string }> = [];

  it('both agents at capacity → the third waiting customer is number 3, about 2 minutes', async () => {
    await online(t, li);
    await online(t, sam);
    for (let i = 0; i < 4; i++) busy.push(await customer(t, acct.inboxToken, `咨询 ${i}`));
    await Promise.all(busy.map((c) => eventually(() => assigneeOf(t, li, c.conversationId))));
    for (let i = 0; i < 3; i++) waiting.push(await customer(t, acct.inboxToken, `排队 ${i}`));
    const q = await eventually(
      () => queuePosition(t, waiting[2].token),
      (x) => x.position === 3,
    );
    expect(q.estimatedWaitSeconds).toBeGreaterThanOrEqual(90);
    expect(q.estimatedWaitSeconds).toBeLessThanOrEqual(150); // "about 2 minutes"
  });

  it('an SLA warning reaches the agents before the breach', async () => {
    const sock = await t.agentSocket(sup);
    const warned = waitFor(
      sock,
      'event',
      (e: { type: string; payload: any }) =>
        e.type === 'sla.warning' && e.payload.conversationId === waiting[0].conversationId,
    );
    clock.advance(97_000); // 80% of the 2-minute first response
    await fireDueSlaTimers(t.services);
    expect((await warned).payload.kind).toBe('first_response');
    const sla = (
      await t.api('GET', `/api/v1/conversations/${waiting[0].conversationId}/sla`, { session: sup })
    ).body.data;
    expect(sla.find((x: { kind: string }) => x.kind === 'first_response')).toMatchObject({
      state: 'running',
      warned: true,
    });
  });

  it('an angry customer moves up and supervisors are alerted', async () => {
    const sock = await t.agentSocket(sup);
    const angry = await customer(t, acct.inboxToken, '你们这是什么垃圾服务，我要投诉！');
    const alert = waitFor(
      sock,
      'event',
      (e: { type: string; payload: any }) =>
        e.type === 'routing.alert_raised' && e.payload.conversationId === angry.conversationId,
    );
    await ai(angry.conversationId, {
      emotion: { label: 'angry', intensity: 0.92 },
      sentiment: { label: 'negative', score: -0.9 },
      intent: { label: 'complaint', confidence: 0.8 },
    });
    expect((await alert).payload).toMatchObject({ kind: 'anger', actions: ['join', 'take_over'] });
    expect(
      await eventually(
        () => queuePosition(t, angry.token),
        (x) => x.position === 1,
      ),
    ).toMatchObject({ position: 1 });
    expect((await queuePosition(t, waiting[0].token)).position).toBe(2);
    const c = await eventually(
      async () =>
        (await t.api('GET', `/api/v1/conversations/${angry.conversationId}`, { session: sup }))
          .body,
      (x) => x.priority === 'high',
    );
    expect(c.priority).toBe('high'); // demo rule: angry → high priority
    waiting.unshift(angry);
  });

  it('when a slot frees, the first in line (the angry customer, to the senior agent) is assigned', async () => {
    const liBusy = [];
    for (const b of busy)
      if ((await assigneeOf(t, li, b.conversationId)) === acct.users.agent.id) liBusy.push(b);
    await t.api('PATCH', `/api/v1/conversations/${liBusy[0].conversationId}`, {
      session: li,
      body: { status: 'resolve' },
    });
    expect(await eventually(() => assigneeOf(t, li, waiting[0].conversationId))).toBe(
      acct.users.agent.id,
    );
    expect(
      await eventually(
        () => queuePosition(t, waiting[3].token),
        (x) => x.position === 3,
      ),
    ).toMatchObject({ position: 3 });
  });

  it('the refund rule labels the conversation and hands it to Billing', async () => {
    const c = await customer(t, acct.inboxToken, '我要退款，东西坏了');
    await ai(c.conversationId, { intent: { label: 'refund', confidence: 0.93 } });
    const after = await eventually(
      async () =>
        (await t.api('GET', `/api/v1/conversations/${c.conversationId}`, { session: sup })).body,
      (x) => x.teamId === billing,
    );
    expect(after.labels).toContain('refund');
  });
});
