/**
 * Auto-away (commands/auto-away.ts) with an injected clock: on by default (15 minutes), for an account
 * that never stored routing settings too; a stored value is followed, an explicit null turns it off;
 * a reply and opening a conversation in the console count as activity. The ticker's step is called
 * directly after each clock move (the harness keeps presence timeouts off: no socket is needed).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../core/lib/clock.ts';
import { agentPresence } from '../../core/realtime/agent-presence.ts';
import {
  ask,
  type SeededAccount,
  type Session,
  type TestApp,
  testApp,
} from '../../test/test-app.ts';
import { backgroundSettled, until } from '../../test/wait.ts';
import { autoAway } from './commands/auto-away.ts';
import { customer, online } from './test/helpers.ts';

let t: TestApp;
let acct: SeededAccount;
let owner: Session;
let clock: ReturnType<typeof fixedClock>;

beforeAll(async () => {
  t = await testApp();
  clock = fixedClock(Date.now());
  t.services.clock = clock;
  acct = await t.seedAccount(); // no routing settings stored, as for accounts from before
  owner = await t.login(acct.users.owner.email, 'password-123');
});
afterAll(async () => {
  await t.stop();
});

const me = async (s: Session) =>
  (await t.api('GET', '/api/v1/me', { session: s })).body.user.availability as string;
const settled = () => backgroundSettled(t.services.database.db, acct.accountId);
const putSettings = async (body: unknown) =>
  expect((await t.api('PUT', '/api/v1/routing/settings', { session: owner, body })).status).toBe(
    200,
  );
/** Moves the clock, then runs the ticker's auto-away step. */
const later = async (ms: number) => {
  clock.advance(ms);
  await autoAway(t.services);
};

describe('auto-away', () => {
  it('is on by default: 15 minutes without activity make an online agent away', async () => {
    const res = await t.api('GET', '/api/v1/routing/settings', { session: owner });
    expect(res.body.settings).toEqual({});
    expect(res.body.effective.autoAwayMinutes).toBe(15);
    const agent = await t.login(acct.users.agent.email, 'password-123');
    await online(t, agent);
    await settled();
    await later(14 * 60_000);
    expect(await me(agent)).toBe('online');
    await later(2 * 60_000);
    expect(await me(agent)).toBe('away');
    const change = await t.services.database.db
      .selectFrom('events')
      .select('payload')
      .where('account_id', '=', acct.accountId)
      .where('type', '=', 'user.availability_changed')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(
      typeof change.payload === 'string' ? JSON.parse(change.payload) : change.payload,
    ).toEqual({
      userId: acct.users.agent.id,
      availability: 'away',
      previous: 'online',
      reason: 'inactive',
    });
  });

  it('follows the stored minutes; a reply and opening a conversation count as activity', async () => {
    await putSettings({ autoAwayMinutes: 1 });
    const agent2 = await t.login(acct.users.agent2.email, 'password-123');
    await online(t, agent2);
    const c = await customer(t, acct.inboxToken, 'hello');
    await settled();
    await later(50_000);
    const reply = await t.api('POST', `/api/v1/conversations/${c.conversationId}/messages`, {
      session: agent2,
      body: { content: 'Hi, how can I help?' },
    });
    expect(reply.status).toBe(201);
    await settled();
    await later(50_000);
    expect(await me(agent2)).toBe('online'); // replied 50 s ago

    const sock = await t.agentSocket(agent2);
    expect(await ask(sock, 'conversation:join', { conversationId: c.conversationId })).toEqual({
      ok: true,
    });
    await until(
      async () => (await agentPresence(t.services, acct.accountId)).get(acct.users.agent2.id),
      (p) => p?.activeAt === clock.now(),
      { what: 'the console activity recorded' },
    );
    await later(40_000);
    expect(await me(agent2)).toBe('online'); // replied 90 s ago, opened the conversation 40 s ago
    await later(30_000);
    expect(await me(agent2)).toBe('away');
    sock.disconnect();
  });

  it('an explicit null turns it off', async () => {
    await putSettings({ autoAwayMinutes: null });
    expect(
      (await t.api('GET', '/api/v1/routing/settings', { session: owner })).body.effective
        .autoAwayMinutes,
    ).toBeNull();
    const agent = await t.login(acct.users.agent.email, 'password-123');
    await online(t, agent);
    await settled();
    await later(3 * 60 * 60_000);
    expect(await me(agent)).toBe('online');
  });
});
