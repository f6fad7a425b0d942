import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ask,
  testApp,
  type SeededAccount,
  type Session,
  type TestApp,
} from '../../../test/test-app.ts';

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

describe('attachments', () => {
  const upload = (
    token: string,
    name: string,
    data: Buffer | string,
    type = 'application/octet-stream',
    path = '/widget/v1/attachments',
  ) => {
    const form = new FormData();
    form.append(
      'file',
      new Blob([typeof data === 'string' ? data : new Uint8Array(data)], { type }),
      name,
    );
    return app.api('POST', path, { token, raw: form });
  };

  it("sniffs the real type, ignores the client's claim, and serves downloads as attachments with nosniff", async () => {
    const v = await app.visitor(acct.inboxToken);
    const png = Buffer.from(
      '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4b40000000049454e44ae426082',
      'hex',
    );
    const img = await upload(v.token, 'photo.exe', png, 'text/html');
    expect(img.status).toBe(201);
    expect(img.body.contentType).toBe('image/png');
    const svg = await upload(
      v.token,
      '../../etc/evil.svg',
      '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
      'image/svg+xml',
    );
    expect(svg.body).toMatchObject({
      contentType: 'application/octet-stream',
      fileName: 'evil.svg',
    });
    const msg = await app.api('POST', '/widget/v1/messages', {
      token: v.token,
      body: { content: '', clientMessageId: 'att-1', attachmentIds: [img.body.id, svg.body.id] },
    });
    expect(msg.status).toBe(201);
    expect(msg.body.message.attachments).toHaveLength(2);
    const agent = await app.login(acct.users.agent.email, acct.users.agent.password);
    const res = await fetch(`${app.url}/api/v1/attachments/${svg.body.id}`, {
      headers: { cookie: agent.cookie },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    const other = await app.visitor(acct.inboxToken);
    expect(
      (await fetch(`${app.url}/widget/v1/attachments/${img.body.id}?t=${other.token}`)).status,
    ).toBe(404);
    expect(
      (await fetch(`${app.url}/widget/v1/attachments/${img.body.id}?t=${v.token}`)).status,
    ).toBe(200);
  });

  it('over the visitor socket the ack carries the attachments (the sending socket gets no broadcast copy)', async () => {
    const v = await app.visitor(acct.inboxToken);
    const file = await upload(v.token, 'note.txt', 'hello', 'text/plain');
    const sock = await app.visitorSocket(v.token);
    const ack = await ask(sock, 'message:send', {
      content: 'see file',
      clientMessageId: 'sock-att-1',
      attachmentIds: [file.body.id],
    });
    expect(ack.message.attachments).toEqual([
      expect.objectContaining({ id: file.body.id, fileName: 'note.txt' }),
    ]);
    const again = await ask(sock, 'message:send', {
      content: 'see file',
      clientMessageId: 'sock-att-1',
      attachmentIds: [file.body.id],
    });
    expect(again).toMatchObject({
      duplicate: true,
      message: { id: ack.message.id, attachments: [expect.objectContaining({ id: file.body.id })] },
    });
  });

  it("rejects files over the account limit with 413 and cannot attach someone else's upload", async () => {
    await app.services.database.db
      .updateTable('accounts')
      .set({ settings: JSON.stringify({ uploadLimitBytes: 1000 }) })
      .where('id', '=', acct.accountId)
      .execute();
    const v = await app.visitor(acct.inboxToken);
    const big = await upload(v.token, 'big.txt', 'x'.repeat(5000), 'text/plain');
    expect(big.status).toBe(413);
    const small = await upload(v.token, 'ok.txt', 'hello', 'text/plain');
    const thief = await app.visitor(acct.inboxToken);
    const stolen = await app.api('POST', '/widget/v1/messages', {
      token: thief.token,
      body: { content: 'x', clientMessageId: 'steal', attachmentIds: [small.body.id] },
    });
    expect(stolen.status).toBe(404);
  });
});
