/**
 * GET/PUT /api/v1/sso: admins only, the client secret write-only (never answered, sealed at rest,
 * kept when omitted), validation (no owner default role, domains required, https issuers), the
 * discovery check when switching on, one account per domain, and the SSRF guard for the IdP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SeededAccount, type Session, type TestApp, testApp } from '../../test/test-app.ts';
import { startIdp, type TestIdp } from './test/idp.ts';
import { CALLBACK, putSso } from './test/setup.ts';

let app: TestApp;
let acct: SeededAccount;
let other: SeededAccount;
let owner: Session;
let idp: TestIdp;
const SECRET = 'client-secret-that-must-never-come-back';

beforeAll(async () => {
  app = await testApp({ OUTBOUND_ALLOW_PRIVATE: 'true', RATE_LIMIT_LOGIN_PER_MIN: '1000' });
  acct = await app.seedAccount();
  other = await app.seedAccount();
  idp = await startIdp({
    clients: [{ clientId: 'kefu', clientSecret: SECRET, redirectUris: [`${app.url}${CALLBACK}`] }],
  });
  owner = await app.login(acct.users.owner.email, acct.users.owner.password);
});
afterAll(async () => {
  await idp?.close();
  await app?.stop();
});

const good = () => ({
  issuer: idp.issuer,
  clientId: 'kefu',
  clientSecret: SECRET,
  allowedDomains: ['Acme.test', 'acme.test', 'corp.acme.test'],
});

describe('SSO settings', () => {
  it('only admins and owners read or change them', async () => {
    for (const who of ['agent', 'supervisor'] as const) {
      const s = await app.login(acct.users[who].email, acct.users[who].password);
      expect((await app.api('GET', '/api/v1/sso', { session: s })).status).toBe(403);
      expect((await putSso(app, s, good())).status).toBe(403);
    }
    const r = await app.api('GET', '/api/v1/sso', { session: owner });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      sso: { enabled: false, clientSecretSet: false, defaultRole: 'agent', ssoOnly: false },
      redirectUri: `${app.url}${CALLBACK}`,
    });
    expect(r.body.startUrl).toMatch(/\/api\/v1\/sso\/start\?account=acct-/);
  });

  it('keeps the client secret write-only: sealed at rest, never answered, kept when omitted', async () => {
    const saved = await putSso(app, owner, good());
    expect(saved.status).toBe(200);
    expect(saved.body.sso).toMatchObject({
      enabled: true,
      clientSecretSet: true,
      allowedDomains: ['acme.test', 'corp.acme.test'],
    });
    const read = await app.api('GET', '/api/v1/sso', { session: owner });
    for (const body of [saved.body, read.body]) expect(JSON.stringify(body)).not.toContain(SECRET);
    const row = async () =>
      app.services.database.db
        .selectFrom('sso_configs')
        .select('client_secret_sealed')
        .where('account_id', '=', acct.accountId)
        .executeTakeFirstOrThrow();
    const sealed = (await row()).client_secret_sealed;
    expect(sealed).toBeTruthy();
    expect(sealed).not.toContain(SECRET);
    expect(Buffer.from(String(sealed).replace(/\./g, ''), 'base64url').toString()).not.toContain(
      SECRET,
    );
    const { clientSecret: _, ...withoutSecret } = good();
    expect((await putSso(app, owner, { ...withoutSecret, defaultRole: 'supervisor' })).status).toBe(
      200,
    );
    expect((await putSso(app, owner, { ...good(), clientSecret: '' })).status).toBe(200);
    expect((await row()).client_secret_sealed).toBe(sealed);
  });

  it('validates: no owner default role, domains and a secret to switch on, an https issuer', async () => {
    const bad = async (body: Record<string, unknown>) => {
      const r = await app.api('PUT', '/api/v1/sso', {
        session: owner,
        body: { enabled: true, ...good(), ...body },
      });
      expect(r.status).toBe(400);
      return r.body.error.code as string;
    };
    expect(await bad({ defaultRole: 'owner' })).toBe('invalid_request');
    expect(await bad({ allowedDomains: [] })).toBe('invalid_request');
    expect(await bad({ allowedDomains: ['not a domain'] })).toBe('invalid_request');
    expect(await bad({ issuer: 'ftp://idp.example.com' })).toBe('invalid_request');
    expect(await bad({ clientId: '' })).toBe('invalid_request');
    expect(await bad({ extra: true })).toBe('invalid_request');
    const fresh = await app.login(other.users.owner.email, other.users.owner.password);
    const noSecret = await putSso(app, fresh, {
      ...good(),
      clientSecret: undefined,
      allowedDomains: ['x.test'],
    });
    expect(noSecret.status).toBe(400);
    // switched off, it may be left incomplete
    expect(
      (
        await app.api('PUT', '/api/v1/sso', {
          session: fresh,
          body: { enabled: false, issuer: '', clientId: '', allowedDomains: [] },
        })
      ).status,
    ).toBe(200);
  });

  it('switching on reads the discovery document first (sso_discovery_failed)', async () => {
    for (const issuer of [`${idp.issuer}/no-such-realm`, 'http://127.0.0.1:9']) {
      const r = await putSso(app, owner, { ...good(), issuer });
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('sso_discovery_failed');
    }
  });

  it('a domain signs in to one account only (sso_domain_taken)', async () => {
    const s = await app.login(other.users.owner.email, other.users.owner.password);
    const r = await putSso(app, s, { ...good(), allowedDomains: ['other.test', 'corp.acme.test'] });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('sso_domain_taken');
  });
});

describe('SSRF guard', () => {
  let guarded: TestApp;
  beforeAll(async () => {
    guarded = await testApp({ RATE_LIMIT_LOGIN_PER_MIN: '1000' });
  });
  afterAll(async () => {
    await guarded?.stop();
  });

  it('without OUTBOUND_ALLOW_PRIVATE an IdP on a private address is refused, and http is not allowed', async () => {
    const a = await guarded.seedAccount();
    const s = await guarded.login(a.users.owner.email, a.users.owner.password);
    const blocked = await putSso(guarded, s, { ...good(), issuer: 'https://127.0.0.1:9/realms/x' });
    expect(blocked.body.error.code).toBe('sso_discovery_failed');
    const plain = await putSso(guarded, s, { ...good(), issuer: idp.issuer });
    expect(plain.body.error.code).toBe('invalid_request');
  });
});
