/**
 * Two-factor sign-in end to end: enrolment (sealed secret, hashed recovery codes), the password step
 * answering a challenge instead of a session, wrong codes refused and counted toward the account
 * lock, a code accepted once, recovery codes single-use, the challenge's limits; the account's
 * "require two-factor for owners and admins" (403 until enrolment, sockets too; tokens exempt).
 * The clock is fixed and moved by 30-second steps, so codes are deterministic.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../commands/accounts.ts';
import { execute } from '../../commands/context.ts';
import { fixedClock } from '../../lib/clock.ts';
import { base32Decode, totp } from '../../lib/totp.ts';
import {
  type ApiResponse,
  type SeededAccount,
  type Session,
  type TestApp,
  testApp,
} from '../../../test/test-app.ts';

let app: TestApp;
let acct: SeededAccount;
const clock = fixedClock(Date.parse('2026-12-05T12:00:10Z'));
const STEP = 30_000;

beforeAll(async () => {
  app = await testApp({ RATE_LIMIT_LOGIN_PER_MIN: '1000', LOGIN_LOCK_AFTER_FAILURES: '5' });
  app.services.clock = clock;
  acct = await app.seedAccount();
});
afterAll(async () => {
  await app.stop();
});

const code = (secret: string, steps = 0) => totp(base32Decode(secret)!, clock.now() + steps * STEP);
/** A code that is none of the ones valid now (±1 step). */
const wrongCode = (secret: string) => {
  const valid = new Set([-1, 0, 1].map((d) => code(secret, d)));
  for (let i = 0; ; i++) {
    const c = String(123456 + i * 7919).slice(-6);
    if (!valid.has(c)) return c;
  }
};

function sessionOf(res: ApiResponse): Session {
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .find((c) => c.startsWith('kefu_session='));
  if (res.status !== 200 || !cookie)
    throw new Error(`no session: ${res.status} ${JSON.stringify(res.body)}`);
  return {
    cookie,
    csrf: res.body.csrfToken,
    userId: res.body.user.id,
    accountId: res.body.user.accountId,
  };
}

const password = (email: string, pw: string) =>
  app.api('POST', '/api/v1/auth/login', { body: { email, password: pw } });
const second = (challenge: string, body: { code?: string; recoveryCode?: string }) =>
  app.api('POST', '/api/v1/auth/login/2fa', { body: { challenge, ...body } });

/** Signs in, sets up and enables two-factor; returns the session, secret and recovery codes. */
async function enrol(user: { email: string; password: string }) {
  const s = sessionOf(await password(user.email, user.password));
  const setup = await app.api('POST', '/api/v1/me/2fa/setup', { session: s });
  expect(setup.status).toBe(200);
  const secret: string = setup.body.secret;
  const enabled = await app.api('POST', '/api/v1/me/2fa/enable', {
    session: s,
    body: { code: code(secret) },
  });
  expect(enabled.status).toBe(200);
  clock.advance(STEP); // the enabling code's step is used up
  return { s, secret, recoveryCodes: enabled.body.recoveryCodes as string[] };
}

describe('two-factor enrolment and sign-in', () => {
  it('enrols: a sealed pending secret, a wrong first code refused, then 10 hashed recovery codes', async () => {
    const user = acct.users.supervisor;
    const s = sessionOf(await password(user.email, user.password));
    expect((await app.api('GET', '/api/v1/me/2fa', { session: s })).body).toEqual({
      enabled: false,
      pending: false,
      recoveryCodesLeft: 0,
      required: false,
    });
    const notYet = await app.api('POST', '/api/v1/me/2fa/enable', {
      session: s,
      body: { code: '123456' },
    });
    expect(notYet.body.error.code).toBe('two_factor_not_pending');
    const setup = await app.api('POST', '/api/v1/me/2fa/setup', { session: s });
    const { secret, otpauthUri } = setup.body;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(otpauthUri).toContain(`secret=${secret}`);
    expect(otpauthUri).toContain(encodeURIComponent(user.email));
    const db = app.services.database.db;
    const row = await db
      .selectFrom('two_factor')
      .selectAll()
      .where('user_id', '=', s.userId)
      .executeTakeFirstOrThrow();
    expect(row.pending_secret).not.toContain(secret);
    expect(row.enabled_at).toBeNull();

    const wrong = await app.api('POST', '/api/v1/me/2fa/enable', {
      session: s,
      body: { code: wrongCode(secret) },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe('invalid_two_factor_code');
    const ok = await app.api('POST', '/api/v1/me/2fa/enable', {
      session: s,
      body: { code: code(secret) },
    });
    expect(ok.status).toBe(200);
    const codes: string[] = ok.body.recoveryCodes;
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
    const stored = await db
      .selectFrom('two_factor_recovery_codes')
      .select('code_hash')
      .where('user_id', '=', s.userId)
      .execute();
    expect(stored).toHaveLength(10);
    for (const r of stored) for (const c of codes) expect(r.code_hash).not.toContain(c);
    const me = await app.api('GET', '/api/v1/me', { session: s });
    expect(me.body.twoFactor).toEqual({ enabled: true, enrolmentRequired: false });
    // a (possibly stolen) session cannot swap the second factor while it is on
    const again = await app.api('POST', '/api/v1/me/2fa/setup', { session: s });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('two_factor_already_enabled');
    clock.advance(STEP);
  });

  it('the password alone opens no session; a wrong code is refused and counted; a code works once', async () => {
    const user = acct.users.agent;
    const { secret } = await enrol(user);
    const first = await password(user.email, user.password);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ twoFactorRequired: true, challenge: expect.any(String) });
    expect(first.headers.getSetCookie().some((c) => c.startsWith('kefu_session='))).toBe(false);
    const { challenge } = first.body;

    const wrong = await second(challenge, { code: wrongCode(secret) });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('invalid_two_factor_code');
    expect((await app.services.kv.peek(`login-fail:${user.email}`)).count).toBe(1);

    const right = code(secret);
    const s = sessionOf(await second(challenge, { code: right }));
    expect((await app.api('GET', '/api/v1/conversations', { session: s })).status).toBe(200);

    // the same code again (same step, a fresh challenge): refused, and counted
    const again = await password(user.email, user.password);
    const replay = await second(again.body.challenge, { code: right });
    expect(replay.body.error.code).toBe('invalid_two_factor_code');
    // an older step's code is refused too; the next step's is accepted
    expect((await second(again.body.challenge, { code: code(secret, -1) })).status).toBe(401);
    expect((await app.services.kv.peek(`login-fail:${user.email}`)).count).toBe(3);
    clock.advance(STEP);
    sessionOf(await second(again.body.challenge, { code: code(secret) }));
    clock.advance(STEP);
  });

  it('a recovery code signs in once; regenerating replaces them all', async () => {
    const user = acct.users.owner;
    const { s, secret, recoveryCodes } = await enrol(user);
    const c1 = (await password(user.email, user.password)).body.challenge;
    sessionOf(await second(c1, { recoveryCode: recoveryCodes[0].toUpperCase() }));
    const c2 = (await password(user.email, user.password)).body.challenge;
    const reused = await second(c2, { recoveryCode: recoveryCodes[0] });
    expect(reused.body.error.code).toBe('invalid_two_factor_code');
    expect((await app.api('GET', '/api/v1/me/2fa', { session: s })).body.recoveryCodesLeft).toBe(9);

    const fresh = await app.api('POST', '/api/v1/me/2fa/recovery-codes', {
      session: s,
      body: { code: code(secret) },
    });
    expect(fresh.status).toBe(200);
    clock.advance(STEP);
    expect((await second(c2, { recoveryCode: recoveryCodes[1] })).status).toBe(401); // old set gone
    sessionOf(await second(c2, { recoveryCode: fresh.body.recoveryCodes[0] }));
    // neither or both of code and recovery code: a bad request
    expect((await second(c2, {})).status).toBe(400);
  });

  it('wrong codes lock the account like wrong passwords: then even the right code is refused', async () => {
    const user = acct.users.agent2;
    const { secret } = await enrol(user);
    const { challenge } = (await password(user.email, user.password)).body;
    for (let i = 0; i < 5; i++)
      expect((await second(challenge, { code: wrongCode(secret) })).status).toBe(401);
    const locked = await second(challenge, { code: code(secret) });
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('account_locked');
    expect((await password(user.email, user.password)).body.error.code).toBe('account_locked');
  });

  it('a challenge is refused when tampered with, after 5 minutes, or after a password change', async () => {
    const email = `tf-challenge-${acct.accountId}@test.kefu.dev`;
    await createAdmin(email);
    const { s, secret } = await enrol({ email, password: 'password-123' });
    const { challenge } = (await password(email, 'password-123')).body;
    const [p, body, mac] = challenge.split('.');
    const forged = `${p}.${body}.${mac.slice(0, -1)}${mac.endsWith('0') ? '1' : '0'}`;
    expect((await second(forged, { code: code(secret) })).body.error.code).toBe(
      'challenge_expired',
    );
    clock.advance(5 * 60_000 + 1);
    const late = await second(challenge, { code: code(secret) });
    expect(late.status).toBe(401);
    expect(late.body.error.code).toBe('challenge_expired');

    const fresh = (await password(email, 'password-123')).body.challenge;
    const changed = await app.api('POST', '/api/v1/me/password', {
      session: s,
      body: { currentPassword: 'password-123', newPassword: 'Tq8#zLm2-vWx9rK' },
    });
    expect(changed.status).toBe(200);
    clock.advance(1);
    expect((await second(fresh, { code: code(secret) })).body.error.code).toBe('challenge_expired');
    clock.advance(STEP);
  });
});

async function createAdmin(email: string) {
  const system = { kind: 'system' as const, accountId: acct.accountId };
  return execute(app.services, system, createUser, {
    email,
    name: 'Admin',
    password: 'password-123',
    role: 'admin',
  });
}

describe('require two-factor for owners and admins', () => {
  it('is refused to an owner without two-factor; admins then get 403 until they enrol', async () => {
    const other = await app.seedAccount();
    const owner = sessionOf(await password(other.users.owner.email, 'password-123'));
    const refused = await app.api('PUT', '/api/v1/account/security', {
      session: owner,
      body: { requireTwoFactor: true },
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('two_factor_required');

    // an admin signed in (and with an API token) before the rule
    const email = `tf-admin-${other.accountId}@test.kefu.dev`;
    await execute(app.services, { kind: 'system', accountId: other.accountId }, createUser, {
      email,
      name: 'Admin',
      password: 'password-123',
      role: 'admin',
    });
    const admin = sessionOf(await password(email, 'password-123'));
    const token = await app.api('POST', '/api/v1/me/tokens', {
      session: admin,
      body: { name: 'ci' },
    });
    const agent = sessionOf(await password(other.users.agent.email, 'password-123'));

    const { secret } = await enrol(other.users.owner);
    const owner2 = sessionOf(
      await second((await password(other.users.owner.email, 'password-123')).body.challenge, {
        code: code(secret),
      }),
    );
    clock.advance(STEP);
    const on = await app.api('PUT', '/api/v1/account/security', {
      session: owner2,
      body: { requireTwoFactor: true },
    });
    expect(on.body).toEqual({ requireTwoFactor: true });
    expect((await app.api('GET', '/api/v1/account/security', { session: agent })).body).toEqual({
      requireTwoFactor: true,
    });

    const blocked = await app.api('GET', '/api/v1/conversations', { session: admin });
    expect(blocked.status).toBe(403);
    expect(blocked.body.error.code).toBe('two_factor_required');
    expect((await app.api('GET', '/api/v1/users', { session: admin })).status).toBe(403);
    const me = await app.api('GET', '/api/v1/me', { session: admin });
    expect(me.status).toBe(200);
    expect(me.body.twoFactor).toEqual({ enabled: false, enrolmentRequired: true });
    await expect(app.agentSocket(admin)).rejects.toThrow();
    // agents are not concerned; an API token is its own credential
    expect((await app.api('GET', '/api/v1/conversations', { session: agent })).status).toBe(200);
    expect(
      (await app.api('GET', '/api/v1/conversations', { token: token.body.token })).status,
    ).toBe(200);

    const setup = await app.api('POST', '/api/v1/me/2fa/setup', { session: admin });
    expect(setup.status).toBe(200);
    const enabled = await app.api('POST', '/api/v1/me/2fa/enable', {
      session: admin,
      body: { code: code(setup.body.secret) },
    });
    expect(enabled.status).toBe(200);
    expect((await app.api('GET', '/api/v1/conversations', { session: admin })).status).toBe(200);
    const sock = await app.agentSocket(admin);
    expect(sock.connected).toBe(true);

    // while required, an admin cannot turn it off; the owner (admin rights) may reset theirs
    clock.advance(STEP);
    const off = await app.api('POST', '/api/v1/me/2fa/disable', {
      session: admin,
      body: { password: 'password-123', code: code(setup.body.secret) },
    });
    expect(off.body.error.code).toBe('two_factor_required');
    const reset = await app.api('DELETE', `/api/v1/users/${admin.userId}/2fa`, { session: owner2 });
    expect(reset.status).toBe(204);
    expect((await app.api('GET', '/api/v1/users', { session: admin })).status).toBe(403);
    // an agent may not reset anyone's
    const resetOwner = await app.api('DELETE', `/api/v1/users/${owner2.userId}/2fa`, {
      session: agent,
    });
    expect(resetOwner.status).toBe(403);
  });

  it('disabling needs the password and a code; then the password alone signs in again', async () => {
    const other = await app.seedAccount();
    const user = other.users.supervisor;
    const { s, secret, recoveryCodes } = await enrol(user);
    const badPassword = await app.api('POST', '/api/v1/me/2fa/disable', {
      session: s,
      body: { password: 'nope-nope-nope', code: code(secret) },
    });
    expect(badPassword.body.error.code).toBe('invalid_credentials');
    const badCode = await app.api('POST', '/api/v1/me/2fa/disable', {
      session: s,
      body: { password: user.password, code: wrongCode(secret) },
    });
    expect(badCode.body.error.code).toBe('invalid_two_factor_code');
    const off = await app.api('POST', '/api/v1/me/2fa/disable', {
      session: s,
      body: { password: user.password, code: recoveryCodes[3] },
    });
    expect(off.status).toBe(204);
    sessionOf(await password(user.email, user.password));
    const rows = await app.services.database.db
      .selectFrom('two_factor_recovery_codes')
      .select('id')
      .where('user_id', '=', s.userId)
      .execute();
    expect(rows).toEqual([]);
  });
});
