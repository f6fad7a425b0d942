/** Visitor sessions: create and resume, identify, the allow-list, input checks and message rate limits. */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type SeededAccount, type Session, type TestApp } from '../../../test/test-app.ts';

let app: TestApp;
let acct: SeededAccount;
let admin: Session;

beforeAll(async () => {
  app = await testApp({ RATE_LIMIT_WIDGET_SESSIONS_PER_MIN: '200' });
  acct = await app.seedAccount();
  admin = await app.login(acct.users.owner.email, acct.users.owner.password);
});
afterAll(async () => {
  await app.stop();
});

describe('widget API', () => {
  it('creates a visitor session, then resumes it with history across page loads', async () => {
    const first = await app.api('POST', '/widget/v1/sessions', {
      body: { inboxToken: acct.inboxToken, locale: 'zh-CN' },
    });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      visitorToken: expect.stringMatching(/^v1\./),
      conversation: null,
      inbox: { settings: { color: expect.any(String) } },
    });
    await app.api('POST', '/widget/v1/messages', {
      token: first.body.visitorToken,
      body: { content: '第一条', clientMessageId: 'p1' },
    });
    const again = await app.api('POST', '/widget/v1/sessions', {
      body: { inboxToken: acct.inboxToken, visitorToken: first.body.visitorToken },
    });
    expect(again.body.contact.id).toBe(first.body.contact.id);
    expect(again.body.conversation).toMatchObject({ lastSeq: 1, status: 'open' });
    const history = await app.api('GET', '/widget/v1/messages', { token: again.body.visitorToken });
    expect(history.body.data.map((m: { content: string }) => m.content)).toEqual(['第一条']);
  });

  it('a visitor token for another inbox or a tampered token starts a fresh visitor instead', async () => {
    const s = await app.visitor(acct.inboxToken);
    const tampered = `${s.token.slice(0, -1)}${s.token.endsWith('0') ? '1' : '0'}`; // always differs from the real signature
    const res = await app.api('POST', '/widget/v1/sessions', {
      body: { inboxToken: acct.inboxToken, visitorToken: tampered },
    });
    expect(res.body.contact.id).not.toBe(s.contactId);
    expect((await app.api('GET', '/widget/v1/messages', { token: tampered })).status).toBe(401);
  });

  it('identify() links a verified customer id (HMAC) and refuses a forged hash', async () => {
    const hash = createHmac('sha256', acct.hmacSecret).update('customer-42').digest('hex');
    const ok = await app.api('POST', '/widget/v1/sessions', {
      body: {
        inboxToken: acct.inboxToken,
        identity: { id: 'customer-42', hash, name: 'Alice', email: 'alice@example.com' },
      },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.contact).toMatchObject({ name: 'Alice', email: 'alice@example.com' });
    const again = await app.api('POST', '/widget/v1/sessions', {
      body: { inboxToken: acct.inboxToken, identity: { id: 'customer-42', hash } },
    });
    expect(again.body.contact.id).toBe(ok.body.contact.id);
    const forged = await app.api('POST', '/widget/v1/sessions', {
      body: { inboxToken: acct.inboxToken, identity: { id: 'customer-42', hash: 'f'.repeat(64) } },
    });
    expect(forged.status).toBe(401);
    expect(forged.body.error.code).toBe('identity_verification_failed');
  });

  it("enforces the inbox's allowed domains at once after the setting changes", async () => {
    const headers = { origin: 'https://evil.example' };
    expect(
      (
        await app.api('POST', '/widget/v1/sessions', {
          body: { inboxToken: acct.inboxToken },
          headers,
        })
      ).status,
    ).toBe(200);
    const patched = await app.api('PATCH', `/api/v1/inboxes/${acct.inboxId}`, {
      session: admin,
      body: { settings: { allowedDomains: ['shop.example.com', '*.brand.cn'] } },
    });
    expect(patched.status).toBe(200);
    const denied = await app.api('POST', '/widget/v1/sessions', {
      body: { inboxToken: acct.inboxToken },
      headers,
    });
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('origin_not_allowed');
    for (const origin of ['https://shop.example.com', 'https://m.brand.cn']) {
      expect(
        (
          await app.api('POST', '/widget/v1/sessions', {
            body: { inboxToken: acct.inboxToken },
            headers: { origin },
          })
        ).status,
        origin,
      ).toBe(200);
    }
    await app.api('PATCH', `/api/v1/inboxes/${acct.inboxId}`, {
      session: admin,
      body: { settings: { allowedDomains: [] } },
    });
  });

  it('validates input: unknown inbox 404, empty message 400, bad client id 400', async () => {
    expect(
      (await app.api('POST', '/widget/v1/sessions', { body: { inboxToken: 'nope' } })).status,
    ).toBe(404);
    const v = await app.visitor(acct.inboxToken);
    const empty = await app.api('POST', '/widget/v1/messages', {
      token: v.token,
      body: { content: '   ', clientMessageId: 'e1' },
    });
    expect(empty.status).toBe(400);
    const badId = await app.api('POST', '/widget/v1/messages', {
      token: v.token,
      body: { content: 'x', clientMessageId: 'a b<c>' },
    });
    expect(badId.status).toBe(400);
  });

  it('rate-limits messages per visitor with 429 and Retry-After', async () => {
    const limited = await testApp({ RATE_LIMIT_MESSAGES_PER_MIN: '3' });
    try {
      const acct2 = await limited.seedAccount();
      const v = await limited.visitor(acct2.inboxToken);
      const codes = [];
      for (let i = 0; i < 5; i++)
        codes.push(
          (
            await limited.api('POST', '/widget/v1/messages', {
              token: v.token,
              body: { content: `m${i}`, clientMessageId: `rl${i}` },
            })
          ).status,
        );
      expect(codes).toEqual([201, 201, 201, 429, 429]);
    } finally {
      await limited.stop();
    }
  });
});
