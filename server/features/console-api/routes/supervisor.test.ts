import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execute } from '../../../core/commands/context.ts';
import { systemActor } from '../../../core/policies/actor.ts';
import { testApp, type SeededAccount, type Session, type TestApp } from '../../../test/test-app.ts';
import { passes } from '../../../test/wait.ts';
import { compareLive } from '../domain/supervisor.ts';
import { visitorSays } from '../test/console-app.ts';

let app: TestApp;
let acct: SeededAccount;
let other: SeededAccount;
let owner: Session;
let agent: Session;
let supervisor: Session;

const say = (inboxToken: string, content: string) => visitorSays(app, inboxToken, content);

/** Retries an assertion until it passes (processors run after commit, asynchronously; the bound only turns a hang into a failure). */
const eventually = <T>(fn: () => Promise<T>, timeoutMs = 60_000) => passes(fn, { timeoutMs });

/** The emotion of the newest message.analyzed event of a conversation (ours or the AI feature's own). */
async function latestEmotion(conversationId: string) {
  const row = await app.services.database.db
    .selectFrom('events')
    .select('payload')
    .where('conversation_id', '=', conversationId)
    .where('type', '=', 'message.analyzed')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  return JSON.parse(row.payload).emotion.label as string;
}

beforeAll(async () => {
  app = await testApp({
    RATE_LIMIT_LOGIN_PER_MIN: '1000',
    RATE_LIMIT_WIDGET_SESSIONS_PER_MIN: '1000',
  });
  acct = await app.seedAccount();
  other = await app.seedAccount();
  owner = await app.login(acct.users.owner.email, acct.users.owner.password);
  agent = await app.login(acct.users.agent.email, acct.users.agent.password);
  supervisor = await app.login(acct.users.supervisor.email, acct.users.supervisor.password);
});
afterAll(async () => {
  await app.stop();
});

describe('supervisor overview', () => {
  it('lists live conversations with waiting time, assignee, load and emotion; supervisors only', async () => {
    const a = await say(acct.inboxToken, 'where is my parcel?');
    const b = await say(acct.inboxToken, '我要投诉!');
    const done = await say(acct.inboxToken, 'thanks, solved');
    await say(other.inboxToken, 'other account');
    expect(
      (
        await app.api('POST', `/api/v1/conversations/${b.conversationId}/assignment`, {
          session: owner,
          body: { assigneeId: acct.users.agent.id },
        })
      ).status,
    ).toBe(200);
    await app.api('PATCH', `/api/v1/conversations/${b.conversationId}`, {
      session: owner,
      body: { priority: 'urgent' },
    });
    await app.api('PATCH', `/api/v1/conversations/${done.conversationId}`, {
      session: owner,
      body: { status: 'resolve' },
    });
    await app.api('PATCH', '/api/v1/me', { session: agent, body: { availability: 'away' } });
    await execute(
      app.services,
      systemActor(acct.accountId, 'ai'),
      async (ctx) => {
        await ctx.events.record(
          'message.analyzed',
          {
            messageId: 'm',
            conversationId: b.conversationId,
            contactId: b.contactId,
            inboxId: acct.inboxId,
            language: 'zh',
            sentiment: { label: 'negative', score: -0.9 },
            emotion: { label: 'angry', intensity: 0.8 },
            trend: 'rising_anger',
            intent: null,
            humanRequest: false,
            piiTypes: [],
          },
          b.conversationId,
        );
      },
      null,
    );

    expect((await app.api('GET', '/api/v1/supervisor/overview', { session: agent })).status).toBe(
      403,
    );
    const res = await app.api('GET', '/api/v1/supervisor/overview', { session: supervisor });
    expect(res.status).toBe(200);
    const ids = res.body.conversations.map((c: { id: string }) => c.id);
    expect(ids).toEqual([b.conversationId, a.conversationId]); // urgent first; resolved and other-account ones absent
    const [cb, ca] = res.body.conversations;
    expect(cb).toMatchObject({
      status: 'open',
      priority: 'urgent',
      assigneeId: acct.users.agent.id,
      inboxId: acct.inboxId,
    });
    // The latest analysis wins (the AI feature, when enabled, analyses the same message too).
    await eventually(async () => {
      const r = await app.api('GET', '/api/v1/supervisor/overview', { session: supervisor });
      const emotion = r.body.conversations.find(
        (x: { id: string }) => x.id === b.conversationId,
      ).emotion;
      expect(emotion).toMatchObject({
        label: await latestEmotion(b.conversationId),
        intensity: expect.any(Number),
        trend: expect.any(String),
      });
    });
    expect(ca).toMatchObject({ assigneeId: null, waitingSince: expect.any(String) });
    // Not analysed yet, or (the AI feature running in the background) its own message's analysis.
    if (ca.emotion !== null) expect(ca.emotion.label).toBe(await latestEmotion(a.conversationId));
    expect(ca.waitingSeconds).toBeGreaterThanOrEqual(0);
    const ag = res.body.agents.find((u: { id: string }) => u.id === acct.users.agent.id);
    expect(ag).toMatchObject({
      availability: 'away',
      openCount: 1,
      pendingCount: 0,
      lastActivityAt: expect.any(String),
    });
    expect(
      res.body.agents.every((u: { email: string }) => !u.email.includes(other.users.owner.email)),
    ).toBe(true);
    expect(res.body.inboxes).toEqual([
      { id: acct.inboxId, name: 'Web', channelType: 'web_widget' },
    ]);
  });

  it('orders by priority, then longest waiting, then age (pure)', () => {
    const rows = [
      { priority: 'none' as const, waiting_since: null, created_at: 1 },
      { priority: 'none' as const, waiting_since: 50, created_at: 2 },
      { priority: 'high' as const, waiting_since: 90, created_at: 3 },
      { priority: 'none' as const, waiting_since: 10, created_at: 4 },
    ];
    expect([...rows].sort(compareLive).map((r) => r.created_at)).toEqual([3, 4, 2, 1]);
  });
});
