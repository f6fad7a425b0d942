/**
 * Hostile input gets a 4xx with the stable error shape `{ error: { code, message } }`, never a 500:
 * JSON nested thousands deep, double-encoded paths, multipart without a boundary on every upload
 * endpoint, and the errors Fastify answers by itself (bad content type, bad JSON, long URLs).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SeededAccount, type Session, type TestApp, testApp } from '../../test/test-app.ts';

let app: TestApp;
let acct: SeededAccount;
let owner: Session;
let visitorToken: string;

beforeAll(async () => {
  app = await testApp();
  acct = await app.seedAccount();
  owner = await app.login(acct.users.owner.email, acct.users.owner.password);
  visitorToken = (await app.visitor(acct.inboxToken)).token;
});
afterAll(async () => {
  await app.stop();
});

const deep = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;
const deepArray = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;

function expectClientError(r: { status: number; body: any }, codes?: string[]) {
  expect(r.status, JSON.stringify(r.body)).toBeGreaterThanOrEqual(400);
  expect(r.status, JSON.stringify(r.body)).toBeLessThan(500);
  expect(r.body?.error?.code, JSON.stringify(r.body)).toEqual(expect.any(String));
  expect(r.body.error.message).toEqual(expect.any(String));
  if (codes) expect(codes).toContain(r.body.error.code);
}

describe('hostile input never gets a 500', () => {
  it.each([
    ['PATCH', '/api/v1/me'],
    ['POST', '/api/v1/automation/events'],
    ['POST', '/api/v1/automation/rules'],
    ['POST', '/api/v1/automation/rules/dry-run'],
  ])('JSON nested 5,000 deep to %s %s: 400', async (method, path) => {
    for (const raw of [deep(5_000), deepArray(5_000), deep(2_000)]) {
      const r = await app.api(method, path, {
        session: owner,
        raw,
        headers: { 'content-type': 'application/json' },
      });
      expectClientError(r, ['invalid_json', 'invalid_request']);
    }
  });

  it('JSON nested deep on the public widget API: 400', async () => {
    const r = await app.api('POST', '/widget/v1/messages', {
      token: visitorToken,
      raw: deep(5_000),
      headers: { 'content-type': 'application/json' },
    });
    expectClientError(r, ['invalid_json', 'invalid_request']);
  });

  it.each(['/app/%25.js', '/app/%E0%A4%A.js', '/widget/%25', '/help/%25%', '/api/v1/%25'])(
    'a path with bad or double percent-encoding (%s): 4xx',
    async (path) => {
      const r = await app.api('GET', path, { session: owner });
      expectClientError(r);
    },
  );

  it.each([
    ['POST', '/api/v1/attachments', 'agent'],
    ['POST', '/widget/v1/attachments', 'visitor'],
    ['POST', '/api/v1/kb/files', 'agent'],
    ['POST', '/api/v1/kb/import', 'agent'],
    ['POST', '/api/v1/me/avatar', 'agent'],
  ])('multipart without a boundary to %s %s: 4xx', async (method, path, who) => {
    const r = await app.api(method, path, {
      ...(who === 'agent' ? { session: owner } : { token: visitorToken }),
      raw: '--x\r\ncontent-disposition: form-data; name="file"\r\n\r\nhi\r\n--x--\r\n',
      headers: { 'content-type': 'multipart/form-data' },
    });
    expectClientError(r);
  });

  it('Fastify’s own errors use the error shape: bad content type, bad JSON, empty JSON body', async () => {
    const type = await app.api('PATCH', '/api/v1/me', {
      session: owner,
      raw: 'name=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expectClientError(type, ['unsupported_media_type']);
    expect(type.status).toBe(415);
    const bad = await app.api('PATCH', '/api/v1/me', {
      session: owner,
      raw: '{"name":',
      headers: { 'content-type': 'application/json' },
    });
    expectClientError(bad, ['invalid_json']);
    const long = await app.api('GET', `/api/v1/conversations/${'a'.repeat(500)}`, {
      session: owner,
    });
    expectClientError(long);
  });
});
