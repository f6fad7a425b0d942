/**
 * Sign-in with SSO against a real OpenID Connect provider (oidc-provider on loopback), driven over
 * plain HTTP: just-in-time users, the same user on the next sign-in, existing users, and every refusal
 * (state, nonce, PKCE, another tenant's email, domains, unverified emails, users disabled at the IdP
 * or in Kefu), ES256 tokens with the email in the ID token, and "SSO only" for password sign-ins.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SeededAccount, type Session, type TestApp, testApp } from '../../test/test-app.ts';
import { pkceChallenge } from './login-state.ts';
import { CookieBrowser, ssoSignIn } from './test/driver.ts';
import { startIdp, type TestIdp } from './test/idp.ts';
import { CALLBACK, configureSso, putSso, whoIs } from './test/setup.ts';

let app: TestApp;
let acct: SeededAccount;
let other: SeededAccount;
let owner: Session;
let idp: TestIdp;
let ecIdp: TestIdp;

const settings = () => ({
  issuer: idp.issuer,
  clientId: 'kefu',
  clientSecret: 'idp-secret-one',
  allowedDomains: ['acme.test', 'test.kefu.dev'],
});

beforeAll(async () => {
  app = await testApp({ OUTBOUND_ALLOW_PRIVATE: 'true', RATE_LIMIT_LOGIN_PER_MIN: '1000' });
  acct = await app.seedAccount();
  other = await app.seedAccount();
  const redirectUris = [`${app.url}${CALLBACK}`];
  idp = await startIdp({
    clients: [{ clientId: 'kefu', clientSecret: 'idp-secret-one', redirectUris }],
    users: {
      newbie: { email: 'Newbie@Acme.test', name: 'New Bie' },
      super: { email: acct.users.supervisor.email },
      stranger: { email: other.users.agent.email },
      outsider: { email: 'eve@elsewhere.test' },
      unverified: { email: 'unverified@acme.test', emailVerified: false },
      blocked: { email: 'blocked@acme.test', disabled: true },
      gone: { email: 'gone@acme.test' },
    },
  });
  ecIdp = await startIdp({
    clients: [{ clientId: 'kefu-ec', clientSecret: 'idp-secret-two', redirectUris, alg: 'ES256' }],
    users: { ec: { email: 'ec@ec.test', name: 'Elliptic' } },
    emailInIdToken: true,
  });
  owner = await app.login(acct.users.owner.email, acct.users.owner.password);
  await configureSso(app, owner, settings());
});
afterAll(async () => {
  await idp?.close();
  await ecIdp?.close();
  await app?.stop();
});

const signIn = (o: Parameters<typeof ssoSignIn>[1]) => ssoSignIn(app.url, o);

describe('sign-in with SSO', () => {
  it('creates the user just in time with the default role; the next sign-in finds the same user', async () => {
    const first = await signIn({ start: 'email=newbie@acme.test', login: 'newbie' });
    expect(first).toMatchObject({ landed: '/app/inbox', error: null });
    const me = await whoIs(app, first.session);
    expect(me).toMatchObject({
      email: 'newbie@acme.test',
      role: 'agent',
      accountId: acct.accountId,
      name: 'New Bie',
    });
    // a new browser (new IdP session too), started by account slug this time
    const slug = (await app.api('GET', '/api/v1/sso', { session: owner })).body.startUrl as string;
    const second = await signIn({ start: new URL(slug).search.slice(1), login: 'newbie' });
    expect(second.landed).toBe('/app/inbox');
    expect((await whoIs(app, second.session)).id).toBe(me.id);
    // the same browser again: the IdP remembers its session and sends it straight back
    const third = await signIn({
      start: 'email=newbie@acme.test',
      login: 'unused',
      browser: first.browser,
    });
    expect((await whoIs(app, third.session)).id).toBe(me.id);
    const rows = await app.services.database.db
      .selectFrom('users')
      .select(['id', 'role'])
      .where('email', '=', 'newbie@acme.test')
      .execute();
    expect(rows).toEqual([{ id: me.id, role: 'agent' }]);
  });

  it('signs an existing user of the account in with their own role', async () => {
    const r = await signIn({ start: `email=${acct.users.supervisor.email}`, login: 'super' });
    expect(r.landed).toBe('/app/inbox');
    expect(await whoIs(app, r.session)).toMatchObject({
      id: acct.users.supervisor.id,
      role: 'supervisor',
      availability: 'offline', // the harness's accounts sign in offline (leave it as it was)
    });
  });

  it('puts the user online when the account signs people in online', async () => {
    const put = (availabilityAtSignIn: string) =>
      app.api('PUT', '/api/v1/account/presence', {
        session: owner,
        body: { availabilityAtSignIn },
      });
    expect((await put('online')).status).toBe(200);
    try {
      const r = await signIn({ start: `email=${acct.users.supervisor.email}`, login: 'super' });
      expect(r.landed).toBe('/app/inbox');
      expect(await whoIs(app, r.session)).toMatchObject({
        id: acct.users.supervisor.id,
        availability: 'online',
      });
    } finally {
      await put('offline');
    }
  });

  it('refuses an answer whose state is not the one this browser sent (sso_state_mismatch)', async () => {
    const r = await signIn({
      start: 'email=newbie@acme.test',
      login: 'newbie',
      tamperCallback: (u) => u.searchParams.set('state', 'forged-state'),
    });
    expect(r).toMatchObject({
      landed: '/app/login?sso_error=sso_state_mismatch',
      session: undefined,
    });
    // an answer without a pending sign-in in this browser at all
    const lone = await new CookieBrowser().request(`${app.url}${CALLBACK}?code=abc&state=def`);
    expect(lone.location?.pathname + (lone.location?.search ?? '')).toBe(
      '/app/login?sso_error=sso_login_expired',
    );
  });

  it('refuses an ID token whose nonce was altered on the way (sso_nonce_mismatch)', async () => {
    const r = await signIn({
      start: 'email=newbie@acme.test',
      login: 'newbie',
      tamperAuthorization: (u) => u.searchParams.set('nonce', 'nonce-chosen-by-an-attacker'),
    });
    expect(r).toMatchObject({ error: 'sso_nonce_mismatch', session: undefined });
  });

  it('fails when the code was issued for another PKCE challenge (sso_pkce_failed)', async () => {
    const r = await signIn({
      start: 'email=newbie@acme.test',
      login: 'newbie',
      tamperAuthorization: (u) =>
        u.searchParams.set(
          'code_challenge',
          pkceChallenge('a-verifier-the-attacker-knows-0123456789'),
        ),
    });
    expect(r).toMatchObject({ error: 'sso_pkce_failed', session: undefined });
  });

  it("refuses an email that belongs to another account's user, and creates nobody", async () => {
    const r = await signIn({ start: `email=${other.users.agent.email}`, login: 'stranger' });
    expect(r).toMatchObject({ error: 'sso_email_other_account', session: undefined });
    const u = await app.services.database.db
      .selectFrom('users')
      .select('account_id')
      .where('email', '=', other.users.agent.email)
      .execute();
    expect(u).toEqual([{ account_id: other.accountId }]);
  });

  it('refuses an email outside the allowed domains, and an unverified email unless trusted', async () => {
    const slug = (await app.api('GET', '/api/v1/sso', { session: owner })).body.startUrl as string;
    const start = new URL(slug).search.slice(1);
    expect((await signIn({ start, login: 'outsider' })).error).toBe('sso_domain_not_allowed');
    expect((await signIn({ start, login: 'unverified' })).error).toBe('sso_email_unverified');
    await configureSso(app, owner, { ...settings(), clientSecret: undefined, trustEmails: true });
    const trusted = await signIn({ start, login: 'unverified' });
    expect((await whoIs(app, trusted.session)).email).toBe('unverified@acme.test');
    await configureSso(app, owner, { ...settings(), clientSecret: undefined });
  });

  it('a user the IdP disabled is refused by the IdP (sso_access_denied); one disabled in Kefu by Kefu', async () => {
    const blocked = await signIn({ start: 'email=blocked@acme.test', login: 'blocked' });
    expect(blocked).toMatchObject({ error: 'sso_access_denied', session: undefined });
    const first = await signIn({ start: 'email=gone@acme.test', login: 'gone' });
    const gone = await whoIs(app, first.session);
    await app.services.database.db
      .updateTable('users')
      .set({ disabled_at: Date.now() })
      .where('id', '=', gone.id)
      .execute();
    const again = await signIn({ start: 'email=gone@acme.test', login: 'gone' });
    expect(again).toMatchObject({ error: 'sso_user_disabled', session: undefined });
  });

  it('ES256 ID tokens that carry the email themselves', async () => {
    const acct3 = await app.seedAccount();
    const owner3 = await app.login(acct3.users.owner.email, acct3.users.owner.password);
    await configureSso(app, owner3, {
      issuer: ecIdp.issuer,
      clientId: 'kefu-ec',
      clientSecret: 'idp-secret-two',
      allowedDomains: ['ec.test'],
      defaultRole: 'supervisor',
    });
    const r = await signIn({ start: 'email=ec@ec.test', login: 'ec' });
    expect(await whoIs(app, r.session)).toMatchObject({
      email: 'ec@ec.test',
      role: 'supervisor',
      accountId: acct3.accountId,
    });
  });

  it('start: an unknown domain, or SSO switched off, is sso_not_configured', async () => {
    expect((await signIn({ start: 'email=x@nowhere.test', login: '-' })).error).toBe(
      'sso_not_configured',
    );
    expect((await signIn({ start: `account=${'no-such-slug'}`, login: '-' })).error).toBe(
      'sso_not_configured',
    );
    const otherOwner = await app.login(other.users.owner.email, other.users.owner.password);
    await putSso(app, otherOwner, { ...settings(), enabled: false, allowedDomains: ['off.test'] });
    expect((await signIn({ start: 'email=a@off.test', login: '-' })).error).toBe(
      'sso_not_configured',
    );
  });
});

describe('SSO only', () => {
  const password = (u: { email: string; password: string }, pw = u.password) =>
    app.api('POST', '/api/v1/auth/login', { body: { email: u.email, password: pw } });

  it('refuses password sign-ins of everyone but owners (break-glass), and only with the right password', async () => {
    await configureSso(app, owner, { ...settings(), clientSecret: undefined, ssoOnly: true });
    const agent = await password(acct.users.agent);
    expect(agent.status).toBe(403);
    expect(agent.body.error.code).toBe('sso_required');
    expect(agent.headers.getSetCookie().some((c) => c.startsWith('kefu_session='))).toBe(false);
    expect((await password(acct.users.supervisor)).body.error.code).toBe('sso_required');
    // a wrong password says what it always says: nothing about SSO
    expect((await password(acct.users.agent, 'wrong-password-123')).body.error.code).toBe(
      'invalid_credentials',
    );
    expect((await password(acct.users.owner)).status).toBe(200);
    // another account is not concerned
    expect((await password(other.users.agent)).status).toBe(200);
    // SSO itself still signs the agent's colleagues in
    const sso = await signIn({ start: `email=${acct.users.supervisor.email}`, login: 'super' });
    expect(sso.landed).toBe('/app/inbox');
    await configureSso(app, owner, { ...settings(), clientSecret: undefined, ssoOnly: false });
    expect((await password(acct.users.agent)).status).toBe(200);
  });

  it('does nothing while SSO is switched off', async () => {
    await configureSso(app, owner, {
      ...settings(),
      clientSecret: undefined,
      enabled: false,
      ssoOnly: true,
    });
    expect((await password(acct.users.agent)).status).toBe(200);
    await configureSso(app, owner, { ...settings(), clientSecret: undefined });
  });
});

describe('audit', () => {
  it('an SSO sign-in is in the audit log under the user who signed in', async () => {
    const r = await signIn({ start: `email=${acct.users.supervisor.email}`, login: 'super' });
    expect(r.landed).toBe('/app/inbox');
    const rows = await app.services.database.db
      .selectFrom('audit_log')
      .select(['action', 'actor_id', 'account_id', 'status'])
      .where('action', '=', 'auth.login_sso')
      .where('actor_id', '=', acct.users.supervisor.id)
      .execute();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows[0]).toMatchObject({ account_id: acct.accountId, status: 302 });
  });
});
