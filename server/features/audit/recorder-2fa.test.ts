/**
 * Two-factor sign-in in the audit log: enrolment, the password step that stops at the challenge,
 * a wrong and a right code (filed under the challenge's user), the account's two-factor setting —
 * never the secret, a code, a recovery code or the challenge. A forged challenge files nothing.
 * The clock is fixed and moved by 30-second steps, so codes are deterministic.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../core/lib/clock.ts';
import { base32Decode, totp } from '../../core/lib/totp.ts';
import { testApp, type SeededAccount, type TestApp } from '../../test/test-app.ts';
import { rowsOf, settle, waitForRow } from './test/helpers.ts';

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
  await app?.stop();
});

const code = (secret: string) => totp(base32Decode(secret)!, clock.now());
const cookieOf = (h: Headers) =>
  h
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .find((c) => c.startsWith('kefu_session='))!;

describe('two-factor sign-in in the audit log', () => {
  it('records enrolment and both sign-in steps, under the right user, without secrets', async () => {
    const { email, password, id } = acct.users.owner;
    const first = await app.api('POST', '/api/v1/auth/login', { body: { email, password } });
    const s = { cookie: cookieOf(first.headers), csrf: first.body.csrfToken as string };
    const setup = await app.api('POST', '/api/v1/me/2fa/setup', { session: s });
    expect(setup.status).toBe(200);
    const secret: string = setup.body.secret;
    const enabled = await app.api('POST', '/api/v1/me/2fa/enable', {
      session: s,
      body: { code: code(secret) },
    });
    expect(enabled.status).toBe(200);
    const on = await waitForRow(app, acct.accountId, (r) => r.action === 'two_factor.enable', 'on');
    expect(on).toMatchObject({ actor_id: id, target_type: 'user', target_id: id, status: 200 });
    expect(JSON.parse(on.detail)).toEqual({ keys: ['code'] });
    clock.advance(STEP);

    const step1 = await app.api('POST', '/api/v1/auth/login', { body: { email, password } });
    expect(step1.body.twoFactorRequired).toBe(true);
    const challenge: string = step1.body.challenge;
    const asked = await waitForRow(
      app,
      acct.accountId,
      (r) => r.action === 'auth.login_challenge',
      'challenge',
    );
    expect(asked).toMatchObject({ actor_type: 'user', actor_id: id, status: 200 });

    const wrong = String((Number(code(secret)) + 500_000) % 1_000_000).padStart(6, '0');
    const bad = await app.api('POST', '/api/v1/auth/login/2fa', {
      body: { challenge, code: wrong },
    });
    expect(bad.status).toBe(401);
    const failed = await waitForRow(
      app,
      acct.accountId,
      (r) => r.action === 'auth.login_2fa_failed',
      '2fa failure',
    );
    expect(failed).toMatchObject({
      actor_type: 'anonymous',
      actor_id: null,
      actor_label: email,
      target_type: 'user',
      target_id: id,
      status: 401,
    });
    expect(JSON.parse(failed.detail)).toMatchObject({ keys: ['challenge', 'code'] });

    const right = code(secret);
    const ok = await app.api('POST', '/api/v1/auth/login/2fa', {
      body: { challenge, code: right },
    });
    expect(ok.status).toBe(200);
    const signedIn = await waitForRow(
      app,
      acct.accountId,
      (r) => r.action === 'auth.login_2fa',
      '2fa',
    );
    expect(signedIn).toMatchObject({ actor_type: 'user', actor_id: id, target_id: id });
    const session = { cookie: cookieOf(ok.headers), csrf: ok.body.csrfToken as string };

    const required = await app.api('PUT', '/api/v1/account/security', {
      session,
      body: { requireTwoFactor: true },
    });
    expect(required.status).toBe(200);
    const setting = await waitForRow(
      app,
      acct.accountId,
      (r) => r.action === 'settings.security_update',
      'security setting',
    );
    expect(setting).toMatchObject({ target_type: 'account' });
    expect(JSON.parse(setting.detail).values).toEqual({ requireTwoFactor: true });

    // A challenge that is not ours names nobody: nothing is filed.
    const forged = `${challenge.slice(0, -4)}AAAA`;
    await app.api('POST', '/api/v1/auth/login/2fa', { body: { challenge: forged, code: right } });
    await settle(app, acct.accountId, session);
    const rows = await rowsOf(app, acct.accountId);
    expect(rows.filter((r) => r.action === 'auth.login_2fa_failed')).toHaveLength(1);

    const all = JSON.stringify(rows);
    for (const secretish of [
      secret,
      setup.body.otpauthUri as string,
      challenge,
      wrong,
      right,
      password,
      ...(enabled.body.recoveryCodes as string[]),
    ])
      expect(all).not.toContain(secretish);
  });
});
