/**
 * Recording at the HTTP layer: sign-ins (success and failure) with IP and user agent, role changes,
 * API tokens, settings with secrets in them — recorded under the right action and never with a
 * password, token or key in the row; reads, visitor traffic and conversation work are not recorded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type SeededAccount, type Session, type TestApp } from '../../test/test-app.ts';
import { rowsOf, settle, waitForRow } from './test/helpers.ts';

let app: TestApp;
let acct: SeededAccount;
let owner: Session;

const UA = 'audit-test-browser/1.0';
const FROM = '203.0.113.7';

beforeAll(async () => {
  // Requests come from 127.0.0.1: trusting it as a proxy makes X-Forwarded-For the client's IP.
  app = await testApp({ RATE_LIMIT_LOGIN_PER_MIN: '1000', TRUSTED_PROXIES: '127.0.0.1' });
  acct = await app.seedAccount();
  owner = await app.login(acct.users.owner.email, acct.users.owner.password);
});
afterAll(async () => {
  await app?.stop();
});

const signIn = (email: string, password: string) =>
  app.api('POST', '/api/v1/auth/login', {
    body: { email, password },
    headers: { 'user-agent': UA, 'x-forwarded-for': FROM },
  });

const whole = (row: object) => JSON.stringify(row);

describe('audit recording', () => {
  it('records a sign-in and a failed one with IP, user agent and status, never the password', async () => {
    const { email, password, id } = acct.users.supervisor;
    const ok = await signIn(email, password);
    expect(ok.status).toBe(200);
    const row = await waitForRow(
      app,
      acct.accountId,
      (r) => r.action === 'auth.login' && r.actor_id === id && r.user_agent === UA,
      'sign-in',
    );
    expect(row).toMatchObject({
      actor_type: 'user',
      actor_label: email,
      method: 'POST',
      route: '/api/v1/auth/login',
      target_type: 'user',
      target_id: id,
      ip: FROM,
      status: 200,
    });
    expect(JSON.parse(row.detail)).toEqual({ keys: ['email', 'password'], values: { email } });
    expect(whole(row)).not.toContain(password);
    expect(whole(row)).not.toContain(ok.body.csrfToken);

    const wrong = 'wrong-password-xyz';
    expect((await signIn(email.toUpperCase(), wrong)).status).toBe(401);
    const failed = await waitForRow(
      app,
      acct.accountId,
      (r) => r.action === 'auth.login_failed' && r.target_id === id,
      'failed sign-in',
    );
    expect(failed).toMatchObject({
      actor_type: 'anonymous',
      actor_id: null,
      actor_label: email,
      target_type: 'user',
      ip: FROM,
      user_agent: UA,
      status: 401,
    });
    expect(JSON.parse(failed.detail)).toMatchObject({ error: 'invalid_credentials' });
    expect(whole(failed)).not.toContain(wrong);

    // An address nobody has belongs to no account: no row anywhere.
    expect((await signIn('nobody-at-all@test.kefu.dev', wrong)).status).toBe(401);
    await settle(app, acct.accountId, owner);
    const stray = await app.services.database.db
      .selectFrom('audit_log')
      .select('id')
      .where('actor_label', '=', 'nobody-at-all@test.kefu.dev')
      .execute();
    expect(stray).toEqual([]);
  });

  it('records a role change, with the new role and the target', async () => {
    const agentId = acct.users.agent2.id;
    const r = await app.api('PATCH', `/api/v1/users/${agentId}`, {
      session: owner,
      body: { role: 'supervisor' },
    });
    expect(r.status).toBe(200);
    const row = await waitForRow(
      app,
      acct.accountId,
      (x) => x.action === 'user.update' && x.target_id === agentId,
      'role change',
    );
    expect(row).toMatchObject({
      actor_type: 'user',
      actor_id: acct.users.owner.id,
      actor_label: acct.users.owner.email,
      route: '/api/v1/users/:id',
      target_type: 'user',
      status: 200,
      ip: '127.0.0.1',
    });
    expect(JSON.parse(row.detail)).toEqual({ keys: ['role'], values: { role: 'supervisor' } });

    // Refused requests are recorded too, under who tried.
    const agent = await app.login(acct.users.agent.email, acct.users.agent.password);
    const denied = await app.api('PATCH', `/api/v1/users/${agentId}`, {
      session: agent,
      body: { role: 'admin' },
    });
    expect(denied.status).toBe(403);
    const refused = await waitForRow(
      app,
      acct.accountId,
      (x) => x.action === 'user.update' && x.actor_id === acct.users.agent.id,
      'refused role change',
    );
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.detail)).toMatchObject({
      values: { role: 'admin' },
      error: 'forbidden',
    });
  });

  it('records token create, use and revoke without the token; user and key changes without secrets', async () => {
    const created = await app.api('POST', '/api/v1/me/tokens', {
      session: owner,
      body: { name: 'ci deploy' },
    });
    expect(created.status).toBe(201);
    const { id, token } = created.body as { id: string; token: string };
    const made = await waitForRow(
      app,
      acct.accountId,
      (r) => r.action === 'token.create',
      'token.create',
    );
    expect(made).toMatchObject({ target_type: 'token', target_id: id, status: 201 });
    expect(JSON.parse(made.detail)).toEqual({ keys: ['name'], values: { name: 'ci deploy' } });

    // Used: the row says it came through an API token.
    const label = await app.api('POST', '/api/v1/labels', { token, body: { name: 'vip-audit' } });
    expect(label.status).toBeLessThan(300);
    const used = await waitForRow(app, acct.accountId, (r) => r.action === 'label.create', 'label');
    expect(JSON.parse(used.detail)).toMatchObject({ via: 'api_token' });
    expect(used.actor_id).toBe(acct.users.owner.id);

    const revoked = await app.api('DELETE', `/api/v1/me/tokens/${id}`, { session: owner });
    expect(revoked.status).toBe(204);
    const gone = await waitForRow(
      app,
      acct.accountId,
      (r) => r.action === 'token.revoke',
      'revoke',
    );
    expect(gone).toMatchObject({ target_type: 'token', target_id: id, status: 204 });

    const newcomer = { email: 'new-agent-audit@test.kefu.dev', password: 'Sup3r-secret-pass!' };
    const added = await app.api('POST', '/api/v1/users', {
      session: owner,
      body: { ...newcomer, name: 'New Agent', role: 'agent' },
    });
    expect(added.status).toBe(201);
    const userRow = await waitForRow(
      app,
      acct.accountId,
      (r) => r.action === 'user.create',
      'user',
    );
    expect(userRow.target_id).toBe(added.body.id);
    expect(JSON.parse(userRow.detail).values).toEqual({
      email: newcomer.email,
      name: 'New Agent',
      role: 'agent',
    });

    const apiKey = 'sk-audit-SECRET-key-0042';
    const provider = await app.api('PUT', '/api/v1/ai/provider', {
      session: owner,
      body: { baseUrl: 'https://llm.example.com/v1', model: 'm-1', apiKey },
    });
    expect(provider.status).toBeLessThan(300);
    const keyRow = await waitForRow(
      app,
      acct.accountId,
      (r) => r.action === 'ai_provider.update',
      'key',
    );
    expect(JSON.parse(keyRow.detail).keys).toContain('apiKey');

    const newPassword = 'An0ther-long-passphrase';
    const changed = await app.api('POST', '/api/v1/me/password', {
      session: owner,
      body: { currentPassword: acct.users.owner.password, newPassword },
    });
    expect(changed.status).toBe(200);
    owner = {
      ...owner,
      cookie: sessionCookie(changed.headers) ?? owner.cookie,
      csrf: changed.body.csrfToken,
    };
    await waitForRow(app, acct.accountId, (r) => r.action === 'auth.password_change', 'password');

    const all = whole(await rowsOf(app, acct.accountId));
    for (const secret of [token, apiKey, newcomer.password, newPassword, acct.users.owner.password])
      expect(all).not.toContain(secret);
  });

  it('records exports but not reads, visitor traffic or conversation work', async () => {
    const exported = await app.api('GET', '/api/v1/kb/export?format=csv', { session: owner });
    expect(exported.status).toBe(200);
    const row = await waitForRow(app, acct.accountId, (r) => r.action === 'kb.export', 'kb export');
    expect(JSON.parse(row.detail)).toEqual({ query: { format: 'csv' } });

    const before = (await rowsOf(app, acct.accountId)).length;
    expect((await app.api('GET', '/api/v1/users', { session: owner })).status).toBe(200);
    const v = await app.visitor(acct.inboxToken);
    const sent = await app.api('POST', '/widget/v1/messages', {
      token: v.token,
      body: { content: 'hello', clientMessageId: 'audit-1' },
    });
    expect(sent.status).toBe(201);
    const conv = await app.api('GET', '/api/v1/conversations', { session: owner });
    const convId = conv.body.data[0].id as string;
    const reply = await app.api('POST', `/api/v1/conversations/${convId}/messages`, {
      session: owner,
      body: { content: 'hi there', clientMessageId: 'audit-2' },
    });
    expect(reply.status).toBe(201);
    expect((await app.api('POST', '/api/v1/routing/heartbeat', { session: owner })).status).toBe(
      200,
    );
    await settle(app, acct.accountId, owner);
    const after = await rowsOf(app, acct.accountId);
    expect(after.length).toBe(before + 1); // the settle marker only
    expect(after.every((r) => !r.route.startsWith('/widget/'))).toBe(true);
  });
});

function sessionCookie(headers: Headers): string | undefined {
  return headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .find((c) => c.startsWith('kefu_session='));
}
