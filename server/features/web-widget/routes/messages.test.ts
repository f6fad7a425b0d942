/** The visitor's messages: attachments (HTTP and socket) and resync by seq with read state. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ask, type SeededAccount, type Session, type TestApp } from '../../../test/test-app.ts';
import { visitorWithConversation, widgetApp, type WidgetApp } from '../test/widget.ts';

let w: WidgetApp;
let app: TestApp;
let acct: SeededAccount;
let agent: Session;

beforeAll(async () => {
  w = await widgetApp();
  ({ app, acct, agent } = w);
});
afterAll(async () => {
  await w?.app.stop();
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
    // the widget downloads through short-lived signed links; another visitor gets none for it
    const links = (token: string) =>
      app.api('POST', '/widget/v1/attachments/links', { token, body: { ids: [img.body.id] } });
    const other = await app.visitor(acct.inboxToken);
    expect((await links(other.token)).body.links).toEqual([]);
    const mine = await links(v.token);
    expect(mine.body.links).toEqual([{ id: img.body.id, url: expect.stringMatching(/[?&]sig=/) }]);
    const file = await fetch(`${app.url}${mine.body.links[0].url}`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(
      (await fetch(`${app.url}/widget/v1/attachments/${img.body.id}?t=${v.token}`)).status,
    ).toBe(400);
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

describe('messages resync by seq', () => {
  beforeAll(async () => {
    // As in the suite this test comes from: an agent is online when the visitor writes.
    const r = await app.api('PATCH', '/api/v1/me', {
      session: agent,
      body: { availability: 'online' },
    });
    expect(r.status).toBe(200);
  });

  it('GET /widget/v1/messages?afterSeq= returns only later messages, with read state', async () => {
    const v = await visitorWithConversation(w, 'one');
    await app.api('POST', '/widget/v1/messages', {
      token: v.token,
      body: { content: 'two', clientMessageId: 'two' },
    });
    await app.api('POST', `/api/v1/conversations/${v.conversationId}/messages`, {
      session: agent,
      body: { content: 'reply' },
    });
    await app.api('POST', `/api/v1/conversations/${v.conversationId}/messages`, {
      session: agent,
      body: { content: 'secret note', private: true },
    });
    await app.api('POST', `/api/v1/conversations/${v.conversationId}/read`, {
      session: agent,
      body: {},
    });
    const res = await app.api('GET', '/widget/v1/messages?afterSeq=1', { token: v.token });
    expect(res.body.data.map((m: { content: string }) => m.content)).toEqual(['two', 'reply']);
    expect(res.body.agentReadSeq).toBeGreaterThanOrEqual(3);
  });
});
