import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { execute } from '../../core/commands/context.ts';
import { sendMessage } from '../../core/commands/send-message.ts';
import {
  testApp,
  waitFor,
  type SeededAccount,
  type Session,
  type TestApp,
} from '../../test/test-app.ts';
import { WIDGET_DIST } from './feature.ts';
import { frameAncestors, originAllowed, publicWidgetSettings } from './settings.ts';

let app: TestApp;
let acct: SeededAccount;
let admin: Session;
let agent: Session;

beforeAll(async () => {
  if (!existsSync(join(WIDGET_DIST, 'manifest.json'))) {
    const { build } = await import('../../../web/widget/build.ts');
    await build(WIDGET_DIST);
  }
  app = await testApp({ RATE_LIMIT_WIDGET_SESSIONS_PER_MIN: '500' });
  acct = await app.seedAccount();
  admin = await app.login(acct.users.owner.email, acct.users.owner.password);
  agent = await app.login(acct.users.agent.email, acct.users.agent.password);
});
afterAll(async () => {
  await app?.stop();
});

const settings = (s: Record<string, unknown>) =>
  app.api('PATCH', `/api/v1/inboxes/${acct.inboxId}`, { session: admin, body: { settings: s } });

async function visitorWithConversation(text = 'hello') {
  const v = await app.visitor(acct.inboxToken);
  const sent = await app.api('POST', '/widget/v1/messages', {
    token: v.token,
    body: { content: text, clientMessageId: `c-${Math.random().toString(36).slice(2)}` },
  });
  expect(sent.status).toBe(201);
  return { ...v, conversationId: sent.body.conversation.id as string };
}

describe('widget settings rules (pure)', () => {
  it.each([
    [[], '*'],
    [['shop.example.com'], "'self' shop.example.com"],
    [['*.brand.cn', 'localhost:8080'], "'self' *.brand.cn brand.cn localhost:8080"],
    [['bad host; script-src *', 'ok.example'], "'self' ok.example"],
  ])('frame-ancestors for %j', (allowedDomains, expected) => {
    expect(frameAncestors({ allowedDomains })).toBe(expected);
  });

  it('allow-list matching', () => {
    const s = { allowedDomains: ['shop.example.com', '*.brand.cn'] };
    expect(originAllowed(s, 'https://shop.example.com', 'kefu.example')).toBe(true);
    expect(originAllowed(s, 'https://m.brand.cn', undefined)).toBe(true);
    expect(originAllowed(s, 'https://brand.cn', undefined)).toBe(true);
    expect(originAllowed(s, 'https://evilbrand.cn', undefined)).toBe(false);
    expect(originAllowed(s, 'https://shop.example.com.evil.io', undefined)).toBe(false);
    expect(originAllowed(s, 'not a url', undefined)).toBe(false);
  });

  it('pre-chat form: only known fields; required ⊆ fields; disabled without fields', () => {
    expect(
      publicWidgetSettings({
        preChatForm: {
          enabled: true,
          fields: ['email', 'name', 'shoe'],
          required: ['email', 'phone'],
        },
      }).preChatForm,
    ).toEqual({ enabled: true, fields: ['email', 'name'], required: ['email'] });
    expect(
      publicWidgetSettings({ preChatForm: { enabled: true, fields: [] } }).preChatForm.enabled,
    ).toBe(false);
  });
});

describe('serving the loader and the iframe app', () => {
  it('serves /widget.js with a short cache', async () => {
    const res = await fetch(`${app.url}/widget.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    expect(await res.text()).toContain('data-kefu-inbox');
  });

  it('serves /widget/app with a strict CSP; frame-ancestors follow the allowed domains at once', async () => {
    const open = await fetch(`${app.url}/widget/app?inbox=${acct.inboxToken}`);
    expect(open.status).toBe(200);
    const csp = open.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain('frame-ancestors *');
    expect(csp).not.toContain('unsafe-inline');
    const html = await open.text();
    expect(html).not.toMatch(/<script>(?!<\/script>)|<script[^>]*>[^<]+<\/script>/); // no inline script bodies
    const js = html.match(/src="(\/widget\/app\/assets\/app-[A-Z0-9]+\.js)"/)![1];
    const asset = await fetch(app.url + js);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');

    await settings({ allowedDomains: ['shop.example.com', '*.brand.cn'] });
    const limited = await fetch(`${app.url}/widget/app?inbox=${acct.inboxToken}`);
    expect(limited.headers.get('content-security-policy')).toContain(
      "frame-ancestors 'self' shop.example.com *.brand.cn brand.cn",
    );
    await settings({ allowedDomains: [] });
  });

  it('unknown inbox → 404; asset names are not paths', async () => {
    expect((await fetch(`${app.url}/widget/app?inbox=nope`)).status).toBe(404);
    expect((await fetch(`${app.url}/widget/app/assets/..%2f..%2fpackage.json`)).status).toBe(404);
    expect((await fetch(`${app.url}/widget/app/assets/nope.js`)).status).toBe(404);
  });
});

describe('config and allowed domains', () => {
  it('config reports availability: offline until an agent is online', async () => {
    const before = await app.api('GET', `/widget/v1/config?token=${acct.inboxToken}`);
    expect(before.body.availability).toEqual({
      online: false,
      reason: 'no_agents_online',
      nextOpenAt: null,
    });
    expect(
      (await app.api('PATCH', '/api/v1/me', { session: agent, body: { availability: 'online' } }))
        .status,
    ).toBe(200);
    const after = await app.api('GET', `/widget/v1/config?token=${acct.inboxToken}`);
    expect(after.body.availability).toMatchObject({ online: true, reason: 'agents_online' });
    const s = await app.api('POST', '/widget/v1/sessions', {
      body: { inboxToken: acct.inboxToken },
    });
    expect(s.body.availability.online).toBe(true);
  });

  it('the embedding page origin told to the iframe is checked against the allow-list', async () => {
    await settings({ allowedDomains: ['shop.example.com'] });
    try {
      const bad = await app.api(
        'GET',
        `/widget/v1/config?token=${acct.inboxToken}&origin=${encodeURIComponent('https://evil.example')}`,
      );
      expect(bad.status).toBe(403);
      expect(bad.body.error.code).toBe('origin_not_allowed');
      expect(bad.headers.get('access-control-allow-origin')).toBe('*'); // the loader can read the refusal and hide itself
      const good = await app.api(
        'GET',
        `/widget/v1/config?token=${acct.inboxToken}&origin=${encodeURIComponent('https://shop.example.com')}`,
      );
      expect(good.status).toBe(200);
      const sess = await app.api('POST', '/widget/v1/sessions', {
        body: { inboxToken: acct.inboxToken, pageOrigin: 'https://evil.example' },
      });
      expect(sess.status).toBe(403);
      const badOrigin = await app.api(
        'GET',
        `/widget/v1/config?token=${acct.inboxToken}&origin=javascript:alert(1)`,
      );
      expect(badOrigin.status).toBe(400);
    } finally {
      await settings({ allowedDomains: [] });
    }
  });
});

describe('talk to a human', () => {
  it('hands a bot conversation to humans at once and tells the visitor in their language', async () => {
    await settings({ bot: { mode: 'on' } });
    try {
      const v = await visitorWithConversation('where is my order');
      const system = { kind: 'system' as const, accountId: acct.accountId };
      await execute(app.services, system, sendMessage, {
        conversationId: v.conversationId,
        content: 'I am a bot',
        asBot: true,
      });
      const socket = await app.visitorSocket(v.token);
      const seen = waitFor<{ message: { id: string; attributes: { kind?: string } } }>(
        socket,
        'message',
        (p) => p.message.attributes.kind === 'handover',
      );
      const res = await app.api('POST', '/widget/v1/handover', {
        token: v.token,
        body: { locale: 'en' },
      });
      expect(res.status).toBe(200);
      expect(res.body.conversation.mode).toBe('human');
      expect(res.body.message).toMatchObject({
        type: 'outgoing',
        sender: { type: 'system' },
        attributes: { kind: 'handover', reason: 'customer_request' },
      });
      expect(res.body.message.content).toMatch(/human agent/);
      expect((await seen).message.id).toBe(res.body.message.id);
      const events = await app.services.database.db
        .selectFrom('events')
        .select(['type', 'payload'])
        .where('conversation_id', '=', v.conversationId)
        .execute();
      expect(
        events.some(
          (e) =>
            e.type === 'conversation.handover_requested' &&
            JSON.parse(e.payload).reason === 'customer_request',
        ),
      ).toBe(true);
      const zh = await app.api('POST', '/widget/v1/handover', {
        token: v.token,
        body: { locale: 'zh-CN' },
      });
      expect(zh.body.message.content).toMatch(/人工客服/);
    } finally {
      await settings({ bot: { mode: 'off' } });
    }
  });

  it('without a conversation → 404; without a visitor token → 401; bad locale → 400', async () => {
    const v = await app.visitor(acct.inboxToken);
    expect(
      (await app.api('POST', '/widget/v1/handover', { token: v.token, body: {} })).status,
    ).toBe(404);
    expect((await app.api('POST', '/widget/v1/handover', { body: {} })).status).toBe(401);
    expect(
      (await app.api('POST', '/widget/v1/handover', { token: v.token, body: { locale: 'fr' } }))
        .status,
    ).toBe(400);
  });
});

describe('satisfaction rating', () => {
  it('offered after resolve, stored once per resolution, shown to agents as an activity + csat.received', async () => {
    const v = await visitorWithConversation('help me');
    expect((await app.api('GET', '/widget/v1/csat', { token: v.token })).body).toMatchObject({
      pending: false,
    });
    const early = await app.api('POST', '/widget/v1/csat', {
      token: v.token,
      body: { conversationId: v.conversationId, rating: 5 },
    });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('csat_not_available');

    expect(
      (
        await app.api('PATCH', `/api/v1/conversations/${v.conversationId}`, {
          session: agent,
          body: { status: 'resolve' },
        })
      ).status,
    ).toBe(200);
    expect((await app.api('GET', '/widget/v1/csat', { token: v.token })).body).toEqual({
      conversationId: v.conversationId,
      pending: true,
      rating: null,
    });
    const agentSocket = await app.agentSocket(agent);
    const received = waitFor<{ type: string; payload: unknown }>(
      agentSocket,
      'event',
      (e) => e.type === 'csat.received',
    );
    const ok = await app.api('POST', '/widget/v1/csat', {
      token: v.token,
      body: { conversationId: v.conversationId, rating: 4, comment: ' 很好 <b>x</b> ' },
    });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ rating: 4, comment: '很好 <b>x</b>' });
    expect((await received).payload).toMatchObject({
      rating: 4,
      conversationId: v.conversationId,
      comment: '很好 <b>x</b>',
    });

    const again = await app.api('POST', '/widget/v1/csat', {
      token: v.token,
      body: { conversationId: v.conversationId, rating: 1 },
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('csat_already_submitted');
    expect((await app.api('GET', '/widget/v1/csat', { token: v.token })).body).toMatchObject({
      pending: false,
      rating: 4,
    });

    const msgs = await app.api('GET', `/api/v1/conversations/${v.conversationId}/messages`, {
      session: agent,
    });
    const activity = msgs.body.data.find(
      (m: { type: string; attributes: { kind?: string } }) =>
        m.type === 'activity' && m.attributes.kind === 'csat',
    );
    expect(activity.attributes).toEqual({ kind: 'csat', rating: 4, comment: '很好 <b>x</b>' });
    const visitorView = await app.api('GET', '/widget/v1/messages', { token: v.token });
    expect(visitorView.body.data.some((m: { type: string }) => m.type === 'activity')).toBe(false);
    const rows = await app.services.database.db
      .selectFrom('widget_csat')
      .selectAll()
      .where('conversation_id', '=', v.conversationId)
      .execute();
    expect(rows).toHaveLength(1);

    // A new resolution (after the customer writes again) can be rated again.
    await app.api('POST', '/widget/v1/messages', {
      token: v.token,
      body: { content: 'one more thing', clientMessageId: 'more-1' },
    });
    await app.api('PATCH', `/api/v1/conversations/${v.conversationId}`, {
      session: agent,
      body: { status: 'resolve' },
    });
    expect(
      (
        await app.api('POST', '/widget/v1/csat', {
          token: v.token,
          body: { conversationId: v.conversationId, rating: 2 },
        })
      ).status,
    ).toBe(201);
  });

  it("rejects invalid ratings and other visitors' or unknown conversations", async () => {
    const v = await visitorWithConversation('x');
    await app.api('PATCH', `/api/v1/conversations/${v.conversationId}`, {
      session: agent,
      body: { status: 'resolve' },
    });
    for (const rating of [0, 6, 3.5, '5', null]) {
      const r = await app.api('POST', '/widget/v1/csat', {
        token: v.token,
        body: { conversationId: v.conversationId, rating },
      });
      expect(r.status, String(rating)).toBe(400);
      expect(r.body.error.code).toBe('invalid_request');
    }
    const long = await app.api('POST', '/widget/v1/csat', {
      token: v.token,
      body: { conversationId: v.conversationId, rating: 3, comment: 'x'.repeat(1001) },
    });
    expect(long.status).toBe(400);
    const other = await app.visitor(acct.inboxToken);
    const stolen = await app.api('POST', '/widget/v1/csat', {
      token: other.token,
      body: { conversationId: v.conversationId, rating: 1 },
    });
    expect(stolen.status).toBe(404);
    const unknown = await app.api('POST', '/widget/v1/csat', {
      token: v.token,
      body: { conversationId: '01900000-0000-7000-8000-000000000000', rating: 1 },
    });
    expect(unknown.status).toBe(404);
    const acct2 = await app.seedAccount();
    const foreign = await app.visitor(acct2.inboxToken);
    expect(
      (
        await app.api('POST', '/widget/v1/csat', {
          token: foreign.token,
          body: { conversationId: v.conversationId, rating: 1 },
        })
      ).status,
    ).toBe(404);
    expect((await app.api('GET', '/widget/v1/csat', { token: v.token })).body.pending).toBe(true);
  });
});

describe('pre-chat form and offline message', () => {
  it("pre-chat profile updates the visitor's own contact (no identity linking) and validates input", async () => {
    const v = await app.visitor(acct.inboxToken);
    const ok = await app.api('POST', '/widget/v1/profile', {
      token: v.token,
      body: { name: '王小明', email: 'ming@example.com', phone: '+86 138 0000 0000' },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.contact).toMatchObject({
      id: v.contactId,
      name: '王小明',
      email: 'ming@example.com',
    });
    const ids = await app.services.database.db
      .selectFrom('contact_identities')
      .select('kind')
      .where('contact_id', '=', v.contactId)
      .execute();
    expect(ids.map((i) => i.kind)).toEqual(['visitor']);
    expect(
      (
        await app.api('POST', '/widget/v1/profile', {
          token: v.token,
          body: { email: 'not-an-email' },
        })
      ).status,
    ).toBe(400);
    expect(
      (await app.api('POST', '/widget/v1/profile', { token: v.token, body: { contactId: 'x' } }))
        .status,
    ).toBe(400);
  });

  it("an offline message creates the conversation with the message and the contact's email", async () => {
    const v = await app.visitor(acct.inboxToken);
    const r = await app.api('POST', '/widget/v1/offline-message', {
      token: v.token,
      body: {
        name: 'Alice',
        email: 'alice@example.com',
        content: 'Please call me back',
        clientMessageId: 'off-1',
      },
    });
    expect(r.status).toBe(201);
    expect(r.body.message).toMatchObject({
      content: 'Please call me back',
      attributes: { source: 'offline_form', replyTo: 'alice@example.com' },
    });
    const conv = await app.api('GET', `/api/v1/conversations/${r.body.conversation.id}`, {
      session: agent,
    });
    expect(conv.status).toBe(200);
    expect(JSON.stringify(conv.body)).toContain('alice@example.com');
    const dup = await app.api('POST', '/widget/v1/offline-message', {
      token: v.token,
      body: {
        name: 'Alice',
        email: 'alice@example.com',
        content: 'Please call me back',
        clientMessageId: 'off-1',
      },
    });
    expect(dup.body.message.id).toBe(r.body.message.id);
    const bad = await app.api('POST', '/widget/v1/offline-message', {
      token: v.token,
      body: { name: 'A', email: 'alice@example.com', content: '   ', clientMessageId: 'off-2' },
    });
    expect(bad.status).toBe(400);
    const noEmail = await app.api('POST', '/widget/v1/offline-message', {
      token: v.token,
      body: { name: 'A', content: 'hi', clientMessageId: 'off-3' },
    });
    expect(noEmail.status).toBe(400);
  });
});

describe('messages resync by seq', () => {
  it('GET /widget/v1/messages?afterSeq= returns only later messages, with read state', async () => {
    const v = await visitorWithConversation('one');
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
