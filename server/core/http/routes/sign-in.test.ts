/**
 * Sign-in hardening: a lock per account (failed sign-ins from any number of IPs), the same answer
 * whether or not the address exists; sessions that end after SESSION_IDLE_MINUTES without a request
 * and SESSION_MAX_DAYS after sign-in; the password rule (shared/password.ts) on every route that
 * sets one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passwordProblem, passwordStrength } from '../../../../shared/password.ts';
import { type SeededAccount, type TestApp, testApp } from '../../../test/test-app.ts';

let app: TestApp;
let acct: SeededAccount;

beforeAll(async () => {
  app = await testApp({
    TRUSTED_PROXIES: '127.0.0.1', // each request comes from the IP its X-Forwarded-For names
    RATE_LIMIT_LOGIN_PER_MIN: '1000', // the per-IP limit out of the way: this is about the per-account one
    LOGIN_LOCK_AFTER_FAILURES: '5',
    SESSION_IDLE_MINUTES: '30',
    SESSION_MAX_DAYS: '2',
  });
  acct = await app.seedAccount();
});
afterAll(async () => {
  await app.stop();
});

const signIn = (email: string, password: string, ip: string) =>
  app.api('POST', '/api/v1/auth/login', {
    body: { email, password },
    headers: { 'x-forwarded-for': ip },
  });

describe('sign-in', () => {
  it('locks an account after 5 failures from 5 IPs, also for the right password; unknown emails alike', async () => {
    const { email, password } = acct.users.agent;
    for (let i = 0; i < 5; i++) {
      const r = await signIn(email, `wrong-${i}`, `203.0.113.${i}`);
      expect(r.status).toBe(401);
      expect(r.body.error.code).toBe('invalid_credentials');
    }
    const locked = await signIn(email, password, '198.51.100.7');
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('account_locked');
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    // another account is not affected
    const other = await signIn(acct.users.agent2.email, acct.users.agent2.password, '203.0.113.1');
    expect(other.status).toBe(200);
    // an address nobody has behaves the same way (the lock tells nothing about who exists)
    for (let i = 0; i < 5; i++) await signIn('nobody@example.com', `x-${i}`, `192.0.2.${i}`);
    expect((await signIn('nobody@example.com', 'x', '192.0.2.99')).body.error.code).toBe(
      'account_locked',
    );
  });

  it('a session ends after SESSION_IDLE_MINUTES without a request, and lasts SESSION_MAX_DAYS at most', async () => {
    const s = await app.login(acct.users.owner.email, acct.users.owner.password);
    const db = app.services.database.db;
    const row = await db
      .selectFrom('sessions')
      .select(['id', 'created_at', 'expires_at'])
      .where('user_id', '=', s.userId)
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    expect(Number(row.expires_at) - Number(row.created_at)).toBe(2 * 86_400_000);
    expect((await app.api('GET', '/api/v1/me', { session: s })).status).toBe(200);
    await db
      .updateTable('sessions')
      .set({ last_seen_at: app.services.clock.now() - 31 * 60_000 })
      .where('id', '=', row.id)
      .execute();
    const idle = await app.api('GET', '/api/v1/me', { session: s });
    expect(idle.status).toBe(401);
    expect(idle.body.error.code).toBe('unauthorized');
  });

  it.each([
    ['short-pw-1', 'too_short'],
    ['password-123', 'too_common'],
    ['Qwerty!!2024', 'too_common'],
    ['123456789012', 'too_common'],
    ['aaaaaaaaaaaaaa', 'too_common'],
    ['abcdefghijkl', 'too_common'],
    ['李娜的密码永远不会被猜到的啦', null],
    ['correct horse battery', null],
  ])('the rule: %s → %s', (pw, problem) => {
    expect(passwordProblem(pw)).toBe(problem);
    expect(passwordStrength(pw) > 0).toBe(problem === null);
  });

  it('routes that set a password refuse weak ones with invalid_request, naming the field', async () => {
    const owner = await app.login(acct.users.owner.email, acct.users.owner.password);
    const weak = await app.api('POST', '/api/v1/users', {
      session: owner,
      body: { email: 'weak@example.com', name: 'Weak', password: 'password-123' },
    });
    expect(weak.status).toBe(400);
    expect(weak.body.error.code).toBe('invalid_request');
    expect(JSON.stringify(weak.body.error.details)).toContain('password');
    const change = await app.api('POST', '/api/v1/me/password', {
      session: owner,
      body: { currentPassword: acct.users.owner.password, newPassword: '12345678' },
    });
    expect(change.status).toBe(400);
    const ok = await app.api('POST', '/api/v1/users', {
      session: owner,
      body: { email: 'strong@example.com', name: 'Strong', password: 'tea-kettle-orbit-42' },
    });
    expect(ok.status).toBe(201);
  });
});
