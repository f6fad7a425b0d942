/**
 * An email inbox's SMTP relay settings: admins only, per account (another account's inbox is
 * unknown), the password and DKIM key sealed at rest and never returned, bad values refused with
 * stable codes, and a relay on a private address refused by the SSRF guard (this app keeps it on).
 */
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SeededAccount, Session } from '../../../../test/test-app.ts';
import { emailInboxOf, type OutboundApp, outboundApp } from '../test/outbound-app.ts';

let o: OutboundApp;
let other: SeededAccount;
let otherOwner: Session;
let otherInbox: string;

const dkimKey = generateKeyPairSync('rsa', { modulusLength: 1024 })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();

const body = (extra: Record<string, unknown> = {}) => ({
  host: 'smtp.shop.example',
  port: 587,
  security: 'starttls',
  username: 'mailer',
  password: 'relay-password-1',
  fromAddress: 'Support@Shop.Example',
  fromName: 'Shop Support',
  ...extra,
});

beforeAll(async () => {
  o = await outboundApp({ OUTBOUND_ALLOW_PRIVATE: 'false' });
  other = await o.app.seedAccount();
  otherInbox = await emailInboxOf(o.app, other, 'help@other.example');
  otherOwner = await o.app.login(other.users.owner.email, other.users.owner.password);
});
afterAll(async () => {
  await o?.app.stop();
});

const url = (inboxId: string) => `/api/v1/inboxes/${inboxId}/email/smtp`;

describe('SMTP relay settings', () => {
  it('are empty at first, saved by an admin, and never give the password or key back', async () => {
    const empty = await o.app.api('GET', url(o.inboxId), { session: o.owner });
    expect(empty).toMatchObject({ status: 200, body: { smtp: null } });
    const put = await o.app.api('PUT', url(o.inboxId), {
      session: o.owner,
      body: body({ dkim: { domain: 'shop.example', selector: 'kefu', privateKey: dkimKey } }),
    });
    expect(put.status).toBe(200);
    expect(put.body.smtp).toMatchObject({
      host: 'smtp.shop.example',
      port: 587,
      security: 'starttls',
      username: 'mailer',
      passwordSet: true,
      fromAddress: 'support@shop.example',
      fromName: 'Shop Support',
      dkim: { domain: 'shop.example', selector: 'kefu', keySet: true },
      quoteHistory: true,
    });
    const got = await o.app.api('GET', url(o.inboxId), { session: o.owner });
    expect(got.body).toEqual(put.body);
    const text = JSON.stringify(got.body);
    expect(text).not.toContain('relay-password-1');
    expect(text).not.toContain('PRIVATE KEY');
    // sealed at rest: the stored row holds neither in clear
    const row = await o.app.services.database.db
      .selectFrom('email_smtp_settings')
      .selectAll()
      .where('inbox_id', '=', o.inboxId)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain('relay-password-1');
    expect(JSON.stringify(row)).not.toContain('PRIVATE KEY');
  });

  it('keeps the stored password and key when they are left out, and removes the password on null', async () => {
    const keep = await o.app.api('PUT', url(o.inboxId), {
      session: o.owner,
      body: body({
        password: undefined,
        quoteHistory: false,
        dkim: { domain: 'shop.example', selector: 'k2' },
      }),
    });
    expect(keep.body.smtp).toMatchObject({
      passwordSet: true,
      quoteHistory: false,
      dkim: { selector: 'k2', keySet: true },
    });
    const blank = await o.app.api('PUT', url(o.inboxId), {
      session: o.owner,
      body: body({ password: '', dkim: null }),
    });
    expect(blank.body.smtp).toMatchObject({ passwordSet: true, dkim: null });
    const cleared = await o.app.api('PUT', url(o.inboxId), {
      session: o.owner,
      body: body({ password: null, username: null }),
    });
    expect(cleared.body.smtp).toMatchObject({ passwordSet: false, username: null });
  });

  it('refuses bad values with stable codes', async () => {
    const put = (extra: Record<string, unknown>) =>
      o.app.api('PUT', url(o.inboxId), { session: o.owner, body: body(extra) });
    expect((await put({ port: 0 })).body.error.code).toBe('invalid_request');
    expect((await put({ host: 'bad host!' })).body.error.code).toBe('invalid_request');
    expect((await put({ security: 'ssl3' })).body.error.code).toBe('invalid_request');
    expect((await put({ fromAddress: 'not-an-address' })).body.error.code).toBe('invalid_request');
    expect((await put({ extra: true })).body.error.code).toBe('invalid_request');
    const badKey = await put({
      dkim: { domain: 'shop.example', selector: 'kefu', privateKey: 'not a key' },
    });
    expect(badKey).toMatchObject({ status: 400, body: { error: { code: 'invalid_dkim_key' } } });
    const publicKey = generateKeyPairSync('rsa', { modulusLength: 1024 })
      .publicKey.export({ type: 'spki', format: 'pem' })
      .toString();
    const pub = await put({
      dkim: { domain: 'shop.example', selector: 'kefu', privateKey: publicKey },
    });
    expect(pub.body.error.code).toBe('invalid_dkim_key');
    // a DKIM setting without any key (none stored in another inbox)
    const fresh = await emailInboxOf(o.app, o.acct, 'sales@shop.example');
    const noKey = await o.app.api('PUT', url(fresh), {
      session: o.owner,
      body: body({ dkim: { domain: 'shop.example', selector: 'kefu' } }),
    });
    expect(noKey.body.error).toMatchObject({
      code: 'invalid_request',
      details: [{ path: 'body.dkim.privateKey' }],
    });
  });

  it('refuses a relay on a private or loopback address (SSRF guard), in both languages', async () => {
    for (const host of ['127.0.0.1', '10.0.0.5', '::1', '169.254.169.254']) {
      const r = await o.app.api('PUT', url(o.inboxId), { session: o.owner, body: body({ host }) });
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('smtp_host_blocked');
      expect(r.body.error.details.messages['zh-CN']).toContain('内网');
      expect(r.body.error.details.messages.en).toContain('private');
    }
    // a name that resolves to loopback is checked when connecting: the test mail says so
    await o.app.api('PUT', url(o.inboxId), {
      session: o.owner,
      body: body({ host: 'localhost', port: 25, security: 'none' }),
    });
    const test = await o.app.api('POST', `${url(o.inboxId)}/send-test-mail`, {
      session: o.owner,
      body: { to: 'admin@shop.example' },
    });
    expect(test).toMatchObject({ status: 400, body: { error: { code: 'smtp_host_blocked' } } });
  });

  it('is for admins of the inbox’s own account only', async () => {
    const agent = await o.app.api('GET', url(o.inboxId), { session: o.agent });
    expect(agent.status).toBe(403);
    const agentPut = await o.app.api('PUT', url(o.inboxId), { session: o.agent, body: body() });
    expect(agentPut.status).toBe(403);
    // another account's admin: the inbox does not exist for them (read, write, test mail)
    for (const [method, path, b] of [
      ['GET', url(o.inboxId), undefined],
      ['PUT', url(o.inboxId), body()],
      ['POST', `${url(o.inboxId)}/send-test-mail`, { to: 'x@other.example' }],
    ] as const) {
      const r = await o.app.api(method, path, { session: otherOwner, body: b });
      expect(r).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
    }
    // and their own inbox is unaffected by ours
    expect((await o.app.api('GET', url(otherInbox), { session: otherOwner })).body).toEqual({
      smtp: null,
    });
    expect((await o.app.api('GET', url(otherInbox), { session: o.owner })).status).toBe(404);
    expect((await o.app.api('GET', url('not-an-id'), { session: o.owner })).status).toBe(404);
  });

  it('exist only for email inboxes', async () => {
    const widget = await o.app.api('GET', url(o.acct.inboxId), { session: o.owner });
    expect(widget).toMatchObject({ status: 400, body: { error: { code: 'not_an_email_inbox' } } });
  });
});
