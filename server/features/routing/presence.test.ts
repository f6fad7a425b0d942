/**
 * Presence through the real server with an injected clock (issue 14 item 3): signing in puts an agent
 * online and she takes the waiting customer, never a conversation the bot still handles (item 2); a
 * closed console goes offline once PRESENCE_TIMEOUT_SECONDS (60, the default) pass without a socket or
 * heartbeat, and the supervisor view and the widget follow; a second tab keeps her online. The ticker's
 * functions are called directly after each clock move.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInbox } from '../../core/commands/accounts.ts';
import { execute } from '../../core/commands/context.ts';
import { fixedClock } from '../../core/lib/clock.ts';
import { systemActor } from '../../core/policies/actor.ts';
import { agentPresence } from '../../core/realtime/agent-presence.ts';
import { type SeededAccount, type Session, type TestApp, testApp } from '../../test/test-app.ts';
import { backgroundSettled, until } from '../../test/wait.ts';
import { customer, eventually } from './test/helpers.ts';
import { tick } from './ticker.ts';

let t: TestApp;
let acct: SeededAccount;
let owner: Session;
let sup: Session;
let clock: ReturnType<typeof fixedClock>;

beforeAll(async () => {
  t = await testApp({ PRESENCE_TIMEOUT_SECONDS: '' }); // unset: the default
  clock = fixedClock(Date.now()); // from now on: no earlier instant was seen with the real clock
  t.services.clock = clock;
  acct = await t.seedAccount(); // signs in offline: owner and supervisor only watch
  owner = await t.login(acct.users.owner.email, 'password-123');
  sup = await t.login(acct.users.supervisor.email, 'password-123');
  const put = await t.api('PUT', '/api/v1/account/presence', {
    session: owner,
    body: { availabilityAtSignIn: 'online' },
  });
  expect(put.status).toBe(200);
});
afterAll(async () => {
  await t.stop();
});

const me = async (s: Session) =>
  (await t.api('GET', '/api/v1/me', { session: s })).body.user.availability as string;
const conversation = async (id: string) =>
  (await t.api('GET', `/api/v1/conversations/${id}`, { session: sup })).body;
const overview = async (userId: string) =>
  (
    (await t.api('GET', '/api/v1/supervisor/overview', { session: sup })).body.agents as Array<{
      id: string;
      availability: string;
      openCount: number;
    }>
  ).find((a) => a.id === userId);
const widget = async () =>
  (await t.api('GET', `/widget/v1/config?token=${acct.inboxToken}`)).body.availability;
const sockets = async (userId: string) =>
  (await agentPresence(t.services, acct.accountId)).get(userId)?.sockets ?? 0;
const lastChange = async (userId: string) => {
  const rows = await t.services.database.db
    .selectFrom('events')
    .select('payload')
    .where('account_id', '=', acct.accountId)
    .where('type', '=', 'user.availability_changed')
    .orderBy('id', 'desc')
    .execute();
  return rows
    .map((r) => (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload))
    .find((p) => p.userId === userId);
};

describe('presence', () => {
  let assigned: string;

  it('signing in puts an agent online: she takes the waiting customer, not what the bot still handles', async () => {
    const botInbox = await execute(t.services, systemActor(acct.accountId, 'seed'), createInbox, {
      name: 'Bot',
      channelType: 'web_widget',
      // the bot answers whatever it is asked from the demo knowledge: it keeps the conversation
      settings: {
        bot: { mode: 'on', demoKnowledge: true, policy: { answerThreshold: 0, minMargin: 0 } },
      },
    });
    const withBot = await customer(t, botInbox.public_token, 'hello, where is my parcel?');
    const waiting = await customer(t, acct.inboxToken, 'I need a person please');
    expect(await widget()).toMatchObject({ online: false, reason: 'no_agents_online' });

    const agent = await t.login(acct.users.agent.email, 'password-123');
    expect(await me(agent)).toBe('online');
    expect(await widget()).toMatchObject({ online: true, reason: 'agents_online' });
    expect(
      (
        await eventually(
          () => conversation(waiting.conversationId),
          (c) => !!c.assigneeId,
        )
      ).assigneeId,
    ).toBe(acct.users.agent.id);
    assigned = waiting.conversationId;
    await backgroundSettled(t.services.database.db, acct.accountId);
    expect(await conversation(withBot.conversationId)).toMatchObject({
      mode: 'bot',
      assigneeId: null,
    });
  });

  it('a closed console goes offline after a minute; a second open tab keeps her online', async () => {
    const agent2 = await t.login(acct.users.agent2.email, 'password-123');
    const tab1 = await t.agentSocket(agent2);
    const tab2 = await t.agentSocket(agent2);
    await until(
      () => sockets(acct.users.agent2.id),
      (n) => n === 2,
      { what: 'two tabs' },
    );
    await tick(t.services, t.gateway, false);

    tab1.disconnect();
    await until(
      () => sockets(acct.users.agent2.id),
      (n) => n === 1,
      { what: 'one tab left' },
    );
    clock.advance(61_000);
    await tick(t.services, t.gateway, false);
    expect(await me(agent2)).toBe('online');
    // the agent of the first test never opened a console: offline too, her conversation still hers
    expect(await overview(acct.users.agent.id)).toMatchObject({
      availability: 'offline',
      openCount: 1,
    });
    expect((await conversation(assigned)).assigneeId).toBe(acct.users.agent.id);

    tab2.disconnect();
    await until(
      () => sockets(acct.users.agent2.id),
      (n) => n === 0,
      { what: 'no tab left' },
    );
    await tick(t.services, t.gateway, false);
    expect(await me(agent2)).toBe('online'); // a reload has the minute to come back
    clock.advance(61_000);
    await tick(t.services, t.gateway, false);
    expect(await me(agent2)).toBe('offline');
    expect(await overview(acct.users.agent2.id)).toMatchObject({ availability: 'offline' });
    expect(await widget()).toMatchObject({ online: false, reason: 'no_agents_online' });
    expect(await lastChange(acct.users.agent2.id)).toEqual({
      userId: acct.users.agent2.id,
      availability: 'offline',
      previous: 'online',
      reason: 'disconnected',
    });
  });

  it('a reload within the minute, or heartbeats without a socket, keep her online', async () => {
    const agent2 = await t.login(acct.users.agent2.email, 'password-123');
    const before = await t.agentSocket(agent2);
    await until(
      () => sockets(acct.users.agent2.id),
      (n) => n === 1,
      { what: 'the tab' },
    );
    before.disconnect();
    await until(
      () => sockets(acct.users.agent2.id),
      (n) => n === 0,
      { what: 'the reload' },
    );
    clock.advance(30_000);
    const after = await t.agentSocket(agent2);
    await until(
      () => sockets(acct.users.agent2.id),
      (n) => n === 1,
      { what: 'the new tab' },
    );
    clock.advance(61_000);
    await tick(t.services, t.gateway, false);
    expect(await me(agent2)).toBe('online');
    after.disconnect();
    await until(
      () => sockets(acct.users.agent2.id),
      (n) => n === 0,
      { what: 'closed' },
    );

    for (let i = 0; i < 3; i++) {
      clock.advance(40_000);
      expect((await t.api('POST', '/api/v1/routing/heartbeat', { session: agent2 })).status).toBe(
        200,
      );
      await tick(t.services, t.gateway, false);
      expect(await me(agent2)).toBe('online');
    }
    clock.advance(61_000);
    await tick(t.services, t.gateway, false);
    expect(await me(agent2)).toBe('offline');
  });
});
