import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type SeededAccount, type TestApp } from '../../../test/test-app.ts';

let app: TestApp;
let acct: SeededAccount;
beforeAll(async () => {
  app = await testApp({ RATE_LIMIT_LOGIN_PER_MIN: '1000' });
  acct = await app.seedAccount();
});
afterAll(async () => {
  await app.stop();
});

describe('auth', () => {
  it('logs in with an httpOnly SameSite cookie and returns a CSRF token', async () => {
    const res = await app.api('POST', '/api/v1/auth/login', {
      body: { email: acct.users.agent.email, password: acct.users.agent.password },
      headers: { 'x-forwarded-for': '10.0.0.1' },
    });
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/kefu_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(res.body.csrfToken).toEqual(expect.any(String));
    expect(res.body.user).not.toHaveProperty('password_hash');
  });

  it('rejects a wrong password with a stable code and no hint whether the email exists', async () => {
    const a = await app.api('POST', '/api/v1/auth/login', {
      body: { email: acct.users.agent.email, password: 'wrong-password' },
      headers: { 'x-forwarded-for': '10.0.0.2' },
    });
    const b = await app.api('POST', '/api/v1/auth/login', {
      body: { email: 'nobody@x.dev', password: 'wrong-password' },
      headers: { 'x-forwarded-for': '10.0.0.3' },
    });
    expect(a.status).toBe(401);
    expect(b.status).toBe(401);
    expect(a.body).toEqual(b.body);
    expect(a.body.error.code).toBe('invalid_credentials');
  });

  it('requires the CSRF header for cookie-authenticated writes', async () => {
    const s = await app.login(acct.users.agent.email, acct.users.agent.password);
    const noCsrf = await app.api('PATCH', '/api/v1/me', {
      body: { name: 'X' },
      headers: { cookie: s.cookie },
    });
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.body.error.code).toBe('csrf_failed');
    const ok = await app.api('PATCH', '/api/v1/me', {
      body: { name: 'Agent X', availability: 'online' },
      session: s,
    });
    expect(ok.status).toBe(200);
    expect(ok.body.user).toMatchObject({ name: 'Agent X', availability: 'online' });
  });

  it('logout ends the session; logout-all ends every session of the user', async () => {
    const s1 = await app.login(acct.users.agent2.email, acct.users.agent2.password);
    const s2 = await app.login(acct.users.agent2.email, acct.users.agent2.password);
    expect((await app.api('POST', '/api/v1/auth/logout', { session: s1 })).status).toBe(204);
    expect((await app.api('GET', '/api/v1/me', { session: s1 })).status).toBe(401);
    expect((await app.api('GET', '/api/v1/me', { session: s2 })).status).toBe(200);
    const s3 = await app.login(acct.users.agent2.email, acct.users.agent2.password);
    expect((await app.api('POST', '/api/v1/auth/logout-all', { session: s3 })).body.ended).toBe(2);
    expect((await app.api('GET', '/api/v1/me', { session: s2 })).status).toBe(401);
  });

  it('a password change revokes the other sessions and keeps the caller logged in with a new one', async () => {
    const u = acct.users.supervisor;
    const other = await app.login(u.email, u.password);
    const me = await app.login(u.email, u.password);
    const res = await app.api('POST', '/api/v1/me/password', {
      session: me,
      body: { currentPassword: u.password, newPassword: 'a-new-password-1' },
    });
    expect(res.status).toBe(200);
    expect((await app.api('GET', '/api/v1/me', { session: other })).status).toBe(401);
    expect((await app.api('GET', '/api/v1/me', { session: me })).status).toBe(401);
    const fresh = {
      ...me,
      cookie: (res.headers.get('set-cookie') ?? '').split(';')[0],
      csrf: res.body.csrfToken,
    };
    expect((await app.api('GET', '/api/v1/me', { session: fresh })).status).toBe(200);
    u.password = 'a-new-password-1';
  });

  it('personal API tokens are shown once, hashed at rest, work as Bearer, and can be revoked', async () => {
    const s = await app.login(acct.users.owner.email, acct.users.owner.password);
    const created = await app.api('POST', '/api/v1/me/tokens', {
      session: s,
      body: { name: 'CRM sync' },
    });
    expect(created.status).toBe(201);
    const token = created.body.token as string;
    const stored = await app.services.database.db
      .selectFrom('api_tokens')
      .select('token_hash')
      .where('id', '=', created.body.id)
      .executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(token);
    expect((await app.api('GET', '/api/v1/conversations', { token })).status).toBe(200);
    expect(
      (await app.api('POST', '/api/v1/labels', { token, body: { name: 'via-token' } })).status,
    ).toBe(201); // no CSRF for tokens
    expect(
      (await app.api('DELETE', `/api/v1/me/tokens/${created.body.id}`, { session: s })).status,
    ).toBe(204);
    const revoked = await app.api('GET', '/api/v1/conversations', { token });
    expect(revoked.status).toBe(401);
  });
});

describe('login rate limit', () => {
  let limited: TestApp;
  beforeAll(async () => {
    limited = await testApp({ RATE_LIMIT_LOGIN_PER_MIN: '5' });
  });
  afterAll(async () => {
    await limited.stop();
  });

  it('rate-limits login per client IP with Retry-After, ignoring forged X-Forwarded-For from untrusted peers', async () => {
    const app = limited;
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof app.api>> | undefined;
    for (let i = 0; i < 8; i++) {
      last = await app.api('POST', '/api/v1/auth/login', {
        body: { email: 'brute@x.dev', password: 'guess' },
        headers: { 'x-forwarded-for': `203.0.113.${i}` },
      });
      statuses.push(last.status);
    }
    expect(statuses).toContain(429);
    expect(last!.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(last!.body.error.code).toBe('rate_limited');
  });
});
