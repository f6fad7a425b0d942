/**
 * What the HTTP layer exposes: /metrics only to this host or with METRICS_TOKEN, API answers never
 * cached (`no-store`, /api/v1/me carries the CSRF token), HSTS when the request came over https
 * through a trusted proxy, and operations that answer nothing documented as 204.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Session, type TestApp, testApp } from '../../test/test-app.ts';

let app: TestApp;
let tokened: TestApp;
let owner: Session;
const TOKEN = 'metrics-token-0123456789';

beforeAll(async () => {
  app = await testApp({ TRUSTED_PROXIES: '127.0.0.1' });
  tokened = await testApp({ METRICS_TOKEN: TOKEN });
  const acct = await app.seedAccount();
  owner = await app.login(acct.users.owner.email, acct.users.owner.password);
});
afterAll(async () => {
  await app.stop();
  await tokened.stop();
});

describe('exposure', () => {
  it('/metrics: this host directly yes, through a proxy no; with METRICS_TOKEN only with the token', async () => {
    expect((await app.api('GET', '/metrics')).status).toBe(200);
    const proxied = await app.api('GET', '/metrics', {
      headers: { 'x-forwarded-for': '203.0.113.9' },
    });
    expect(proxied.status).toBe(401);
    expect(proxied.body.error.code).toBe('unauthorized');
    expect((await tokened.api('GET', '/metrics')).status).toBe(401);
    expect((await tokened.api('GET', '/metrics', { token: 'wrong-token-000000000' })).status).toBe(
      401,
    );
    const ok = await tokened.api('GET', '/metrics', { token: TOKEN });
    expect(ok.status).toBe(200);
  });

  it('API answers are no-store; https through a trusted proxy gets HSTS, plain http not', async () => {
    const me = await app.api('GET', '/api/v1/me', { session: owner });
    expect(me.status).toBe(200);
    expect(me.headers.get('cache-control')).toBe('no-store');
    expect(me.headers.get('strict-transport-security')).toBeNull();
    const https = await app.api('GET', '/api/v1/me', {
      session: owner,
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(https.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect((await app.api('GET', '/healthz')).headers.get('cache-control')).not.toBe('no-store');
  });

  it('operations that answer nothing are documented as 204', async () => {
    const doc = (await app.api('GET', '/api/v1/openapi.json')).body;
    expect(Object.keys(doc.paths['/api/v1/ai/provider'].delete.responses)).toContain('204');
    expect(Object.keys(doc.paths['/api/v1/me/tokens/{id}'].delete.responses)).toContain('204');
    const del = await app.api('DELETE', '/api/v1/ai/provider', { session: owner });
    expect(del.status).toBe(204);
  });
});
