/**
 * Settings of an API inbox through the admin API: credentials shown once and stored only hashed or
 * sealed, webhook URL checks (the SSRF guard refuses private literals), roles, and every route scoped
 * to the caller's account.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type SeededAccount, type Session, type TestApp } from '../../../test/test-app.ts';
import { createApiInbox, type ApiInbox } from '../test/harness.ts';

let t: TestApp;
let acct: SeededAccount;
let admin: Session;
let inbox: ApiInbox;

beforeAll(async () => {
  t = await testApp(); // OUTBOUND_ALLOW_PRIVATE is off: private webhook addresses are refused
  acct = await t.seedAccount();
  admin = await t.login(acct.users.owner.email, acct.users.owner.password);
  inbox = await createApiInbox(t, admin);
});
afterAll(async () => {
  await t.stop();
});

const base = (id = inbox.inboxId) => `/api/v1/inboxes/${id}/api-channel`;
const stored = () =>
  t.services.database.db
    .selectFrom('api_channel_inboxes')
    .selectAll()
    .where('inbox_id', '=', inbox.inboxId)
    .executeTakeFirstOrThrow();

describe('API inbox settings', () => {
  it('a new API inbox has no token until an admin makes one; the token is shown once, stored hashed', async () => {
    const fresh = await t.api('POST', '/api/v1/inboxes', {
      session: admin,
      body: { name: 'Fresh', channelType: 'api' },
    });
    const before = await t.api('GET', base(fresh.body.id), { session: admin });
    expect(before.body).toEqual({
      inboxId: fresh.body.id,
      token: { set: false, hint: null, rotatedAt: null },
      webhook: null,
      deliveries: { pending: 0, dead: 0 },
    });
    const made = await t.api('POST', `${base(fresh.body.id)}/token`, { session: admin });
    expect(made.status).toBe(200);
    expect(made.body.token).toMatch(/^kefu_inbox_[A-Za-z0-9_-]{40,}$/);
    expect(made.body.settings.token).toMatchObject({ set: true, hint: made.body.token.slice(-4) });
    const after = await t.api('GET', base(fresh.body.id), { session: admin });
    expect(JSON.stringify(after.body)).not.toContain(made.body.token);
    const row = await t.services.database.db
      .selectFrom('api_channel_inboxes')
      .selectAll()
      .where('inbox_id', '=', fresh.body.id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(made.body.token);
    expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('the first webhook URL comes with a secret shown once and stored sealed; a new URL keeps it', async () => {
    const first = await t.api('PUT', `${base()}/webhook`, {
      session: admin,
      body: { url: 'https://app.example.com/kefu/hook' },
    });
    expect(first.status).toBe(200);
    expect(first.body.secret).toMatch(/^whsec_/);
    expect(first.body.settings.webhook).toMatchObject({ url: 'https://app.example.com/kefu/hook' });
    const row = await stored();
    expect(row.webhook_secret).not.toContain(first.body.secret);
    expect(JSON.stringify(row)).not.toContain(first.body.secret);
    const moved = await t.api('PUT', `${base()}/webhook`, {
      session: admin,
      body: { url: 'https://app.example.com/kefu/hook2' },
    });
    expect(moved.body.secret).toBeNull();
    expect((await stored()).webhook_secret).toBe(row.webhook_secret);
    const view = await t.api('GET', base(), { session: admin });
    expect(view.body.webhook.url).toBe('https://app.example.com/kefu/hook2');
    expect(JSON.stringify(view.body)).not.toContain(first.body.secret);
    const rotated = await t.api('POST', `${base()}/webhook/secret`, { session: admin });
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(first.body.secret);
    expect(rotated.body.settings.webhook.previousSecretUntil).not.toBeNull();
  });

  it('webhook URLs: http(s) only, no credentials, no private literal addresses (SSRF guard)', async () => {
    const cases: Array<[string, number, string]> = [
      ['ftp://app.example.com/x', 400, 'invalid_request'],
      ['not a url', 400, 'invalid_request'],
      ['https://user:pw@app.example.com/x', 400, 'invalid_request'],
      ['http://127.0.0.1:8080/hook', 400, 'webhook_url_not_allowed'],
      ['http://[::1]/hook', 400, 'webhook_url_not_allowed'],
      ['http://10.0.0.5/hook', 400, 'webhook_url_not_allowed'],
      ['http://169.254.169.254/latest/meta-data', 400, 'webhook_url_not_allowed'],
      ['http://[::ffff:7f00:1]/hook', 400, 'webhook_url_not_allowed'],
    ];
    for (const [url, status, code] of cases) {
      const r = await t.api('PUT', `${base()}/webhook`, { session: admin, body: { url } });
      expect({ url, status: r.status, code: r.body.error?.code }).toEqual({ url, status, code });
    }
    // a name is checked when the worker connects (after DNS), not here
    const named = await t.api('PUT', `${base()}/webhook`, {
      session: admin,
      body: { url: 'http://localhost:9/hook' },
    });
    expect(named.status).toBe(200);
  });

  it('removing the webhook; rotating a secret without one is 409', async () => {
    const mine = await createApiInbox(t, admin, 'No hook');
    const r = await t.api('POST', `${base(mine.inboxId)}/webhook/secret`, { session: admin });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('webhook_not_configured');
    await t.api('PUT', `${base(mine.inboxId)}/webhook`, {
      session: admin,
      body: { url: 'https://x.example.com/h' },
    });
    const removed = await t.api('PUT', `${base(mine.inboxId)}/webhook`, {
      session: admin,
      body: { url: null },
    });
    expect(removed.body).toMatchObject({ secret: null, settings: { webhook: null } });
  });

  it('agents and supervisors cannot read or change it', async () => {
    for (const who of ['agent', 'supervisor'] as const) {
      const s = await t.login(acct.users[who].email, acct.users[who].password);
      for (const [method, path, body] of [
        ['GET', base(), undefined],
        ['POST', `${base()}/token`, undefined],
        ['PUT', `${base()}/webhook`, { url: 'https://x.example.com' }],
        ['PUT', `${base()}/webhook`, { url: 'http://127.0.0.1/x' }], // refused as a role first
        ['POST', `${base()}/webhook/secret`, undefined],
        ['GET', `${base()}/deliveries`, undefined],
        ['POST', `${base()}/deliveries/0190b0b0-0000-7000-8000-000000000000/redeliver`, undefined],
      ] as const) {
        const r = await t.api(method, path, { session: s, body });
        expect({ who, method, path, status: r.status }).toEqual({ who, method, path, status: 403 });
      }
    }
  });

  it("another account's inbox is not found; a web-chat inbox is not an API inbox", async () => {
    const acct2 = await t.seedAccount();
    const admin2 = await t.login(acct2.users.owner.email, acct2.users.owner.password);
    const routes = (id: string) =>
      [
        ['GET', base(id), undefined],
        ['POST', `${base(id)}/token`, undefined],
        ['PUT', `${base(id)}/webhook`, { url: 'https://x.example.com' }],
        ['POST', `${base(id)}/webhook/secret`, undefined],
        ['GET', `${base(id)}/deliveries?status=dead`, undefined],
        [
          'POST',
          `${base(id)}/deliveries/0190b0b0-0000-7000-8000-000000000000/redeliver`,
          undefined,
        ],
      ] as const;
    for (const [method, path, body] of routes(inbox.inboxId)) {
      const r = await t.api(method, path, { session: admin2, body });
      expect({ method, path, status: r.status, code: r.body.error?.code }).toEqual({
        method,
        path,
        status: 404,
        code: 'not_found',
      });
    }
    for (const [method, path, body] of routes(acct.inboxId)) {
      const r = await t.api(method, path, { session: admin, body });
      expect({ method, path, status: r.status, code: r.body.error?.code }).toEqual({
        method,
        path,
        status: 409,
        code: 'not_api_inbox',
      });
    }
    // a path id that is not an id is an unknown inbox
    expect((await t.api('GET', base('not-an-id'), { session: admin })).status).toBe(404);
  });

  it('an unknown delivery is 404; its list answers newest first with paging', async () => {
    const r = await t.api(
      'POST',
      `${base()}/deliveries/0190b0b0-0000-7000-8000-000000000000/redeliver`,
      {
        session: admin,
      },
    );
    expect(r.status).toBe(404);
    const list = await t.api('GET', `${base()}/deliveries?limit=1`, { session: admin });
    expect(list.body).toEqual({ data: [], hasMore: false });
    const bad = await t.api('GET', `${base()}/deliveries?status=lost`, { session: admin });
    expect(bad.status).toBe(400);
  });

  it('appears in the OpenAPI document, with the worked example', async () => {
    const doc = await t.api('GET', '/api/v1/openapi.json');
    const send = doc.body.paths['/api/v1/channels/api/{inboxId}/messages'].post;
    expect(send.summary).toContain('inbox token');
    expect(JSON.stringify(send.requestBody)).toContain('user-42');
    for (const p of [
      '/api/v1/channels/api/{inboxId}/attachments',
      '/api/v1/channels/api/{inboxId}/attachments/{id}',
      '/api/v1/channels/api/{inboxId}/sessions',
      '/api/v1/channels/api/{inboxId}/conversations/{id}/messages',
      '/api/v1/inboxes/{id}/api-channel/webhook',
      '/api/v1/inboxes/{id}/api-channel/deliveries/{deliveryId}/redeliver',
    ])
      expect(doc.body.paths[p]).toBeDefined();
  });
});
