/**
 * Availability at sign-in (commands/presence.ts): a new account signs its people in online (password,
 * password + two-factor; SSO in features/sso/sign-in.test.ts), with the event routing and the widget
 * follow; API tokens never change availability; `offline` leaves it as it was. The clock is fixed
 * so two-factor codes are deterministic.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../lib/clock.ts';
import { base32Decode, totp } from '../../lib/totp.ts';
import { type SeededAccount, type Session, type TestApp, testApp } from '../../../test/test-app.ts';

let app: TestApp;
let acct: SeededAccount;
let owner: Session;
const clock = fixedClock(Date.parse('2026-12-07T09:00:10Z'));

beforeAll(async () => {
  app = await testApp({ RATE_LIMIT_LOGIN_PER_MIN: '1000' });
  app.services.clock = clock;
  acct = await app.seedAccount({ availabilityAtSignIn: 'default' }); // the product's default
  owner = await app.login(acct.users.owner.email, 'password-123');
});
afterAll(async () => {
  await app.stop();
});

const availabilityOf = async (userId: string) =>
  (
    await app.services.database.db
      .selectFrom('users')
      .select('availability')
      .where('id', '=', userId)
      .executeTakeFirstOrThrow()
  ).availability;
const changes = (userId: string) =>
  app.services.database.db
    .selectFrom('events')
    .select('payload')
    .where('account_id', '=', acct.accountId)
    .where('type', '=', 'user.availability_changed')
    .orderBy('id')
    .execute()
    .then((rows) =>
      rows
        .map((r) => (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload))
        .filter((p) => p.userId === userId),
    );
const widgetOnline = async () =>
  (await app.api('GET', `/widget/v1/config?token=${acct.inboxToken}`)).body.availability;
const setOffline = async (s: Session) =>
  expect(
    (await app.api('PATCH', '/api/v1/me', { session: s, body: { availability: 'offline' } }))
      .status,
  ).toBe(200);

describe('availability at sign-in', () => {
  it('is online by default: a password sign-in puts the agent online, and the widget says so', async () => {
    await setOffline(owner); // the owner signed in above: only the agent counts here
    expect((await app.api('GET', '/api/v1/account/presence', { session: owner })).body).toEqual({
      availabilityAtSignIn: 'online',
    });
    expect(await widgetOnline()).toMatchObject({ online: false, reason: 'no_agents_online' });

    const res = await app.api('POST', '/api/v1/auth/login', {
      body: { email: acct.users.agent.email, password: 'password-123' },
    });
    expect(res.status).toBe(200);
    expect(res.body.user.availability).toBe('online'); // the status menu reads this
    expect(await availabilityOf(acct.users.agent.id)).toBe('online');
    expect(await changes(acct.users.agent.id)).toEqual([
      {
        userId: acct.users.agent.id,
        availability: 'online',
        previous: 'offline',
        reason: 'sign_in',
      },
    ]);
    expect(await widgetOnline()).toMatchObject({ online: true, reason: 'agents_online' });

    await app.login(acct.users.agent.email, 'password-123'); // already online: nothing to record
    expect(await changes(acct.users.agent.id)).toHaveLength(1);
  });

  it('with two-factor, the password step alone changes nothing; the completed sign-in does', async () => {
    const user = acct.users.supervisor;
    const s = await app.login(user.email, 'password-123');
    const setup = await app.api('POST', '/api/v1/me/2fa/setup', { session: s });
    const code = () => totp(base32Decode(setup.body.secret)!, clock.now());
    expect(
      (await app.api('POST', '/api/v1/me/2fa/enable', { session: s, body: { code: code() } }))
        .status,
    ).toBe(200);
    clock.advance(30_000); // the enabling code's step is used up
    await setOffline(s);

    const step1 = await app.api('POST', '/api/v1/auth/login', {
      body: { email: user.email, password: 'password-123' },
    });
    expect(step1.body.twoFactorRequired).toBe(true);
    expect(await availabilityOf(user.id)).toBe('offline');
    const step2 = await app.api('POST', '/api/v1/auth/login/2fa', {
      body: { challenge: step1.body.challenge, code: code() },
    });
    expect(step2.status).toBe(200);
    expect(step2.body.user.availability).toBe('online');
    expect((await changes(user.id)).map((c) => [c.availability, c.reason ?? null])).toEqual([
      ['online', 'sign_in'],
      ['offline', null],
      ['online', 'sign_in'],
    ]);
  });

  it('API tokens never change availability', async () => {
    const s = await app.login(acct.users.agent2.email, 'password-123');
    const created = await app.api('POST', '/api/v1/me/tokens', {
      session: s,
      body: { name: 'integration' },
    });
    expect(created.status).toBe(201);
    await setOffline(s);
    const token = created.body.token as string;
    expect((await app.api('GET', '/api/v1/me', { token })).body.user.availability).toBe('offline');
    expect((await app.api('POST', '/api/v1/routing/heartbeat', { token })).status).toBe(200);
    expect((await app.api('GET', '/api/v1/conversations', { token })).status).toBe(200);
    expect(await availabilityOf(acct.users.agent2.id)).toBe('offline');
    expect((await changes(acct.users.agent2.id)).map((c) => c.availability)).toEqual([
      'online',
      'offline',
    ]);
  });

  it('owners and admins may choose offline: signing in then leaves availability as it was', async () => {
    const agent = await app.login(acct.users.agent.email, 'password-123');
    const put = (s: Session, body: unknown) =>
      app.api('PUT', '/api/v1/account/presence', { session: s, body });
    expect((await put(agent, { availabilityAtSignIn: 'offline' })).status).toBe(403);
    expect((await put(owner, { availabilityAtSignIn: 'away' })).status).toBe(400);
    expect((await put(owner, { availabilityAtSignIn: 'offline' })).body).toEqual({
      availabilityAtSignIn: 'offline',
    });
    expect((await app.api('GET', '/api/v1/account/presence', { session: agent })).body).toEqual({
      availabilityAtSignIn: 'offline',
    });
    await setOffline(agent);
    const before = (await changes(acct.users.agent.id)).length;
    const again = await app.api('POST', '/api/v1/auth/login', {
      body: { email: acct.users.agent.email, password: 'password-123' },
    });
    expect(again.body.user.availability).toBe('offline');
    expect(await changes(acct.users.agent.id)).toHaveLength(before);
    // other account settings are kept beside it
    const visibility = await app.api('PUT', '/api/v1/account/visibility', {
      session: owner,
      body: { restrictAgentsToMembership: true },
    });
    expect(visibility.status).toBe(200);
    expect((await app.api('GET', '/api/v1/account/presence', { session: owner })).body).toEqual({
      availabilityAtSignIn: 'offline',
    });
  });
});
