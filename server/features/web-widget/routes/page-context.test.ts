/** The page context a widget chat was opened from: validated, stored on the conversation and the message, shown to agents. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type SeededAccount, type Session, type TestApp } from '../../../test/test-app.ts';

let app: TestApp;
let acct: SeededAccount;
let agent: Session;

beforeAll(async () => {
  app = await testApp({
    RATE_LIMIT_WIDGET_SESSIONS_PER_MIN: '200',
    RATE_LIMIT_MESSAGES_PER_MIN: '200',
  });
  acct = await app.seedAccount();
  agent = await app.login(acct.users.agent.email, acct.users.agent.password);
});
afterAll(async () => {
  await app.stop();
});

const ARTICLE = {
  articleId: '0190f0a0-0000-7000-8000-000000000001',
  title: '退款多久到账？',
  url: 'https://help.example.com/help/shop/articles/1',
  locale: 'zh-CN',
};
const db = () => app.services.database.db;
const conversationsOf = (contactId: string) =>
  db().selectFrom('conversations').selectAll().where('contact_id', '=', contactId).execute();
const messagesOf = (contactId: string) =>
  db()
    .selectFrom('messages')
    .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
    .select(['messages.content', 'messages.content_attributes'])
    .where('conversations.contact_id', '=', contactId)
    .orderBy('messages.seq')
    .execute();

describe('POST /widget/v1/messages with a page context', () => {
  it('stores the context on the new conversation and the message; agents get it from the console API and the event', async () => {
    const v = await app.visitor(acct.inboxToken);
    const res = await app.api('POST', '/widget/v1/messages', {
      token: v.token,
      body: { content: '退款还没到', clientMessageId: 'ctx-1', context: ARTICLE },
    });
    expect(res.status).toBe(201);
    expect(res.body.message.attributes).toEqual({ context: ARTICLE });
    expect(res.body.conversation).not.toHaveProperty('customAttributes'); // the visitor's view stays minimal

    const [conv] = await conversationsOf(v.contactId);
    expect(JSON.parse(conv.custom_attributes)).toEqual({ context: ARTICLE });
    const detail = await app.api('GET', `/api/v1/conversations/${conv.id}`, { session: agent });
    expect(detail.status).toBe(200);
    expect(detail.body.customAttributes).toEqual({ context: ARTICLE });
    const list = await app.api('GET', `/api/v1/conversations?contact=${v.contactId}`, {
      session: agent,
    });
    expect(list.body.data[0].customAttributes).toEqual({ context: ARTICLE });
    const event = await db()
      .selectFrom('events')
      .select('payload')
      .where('conversation_id', '=', conv.id)
      .where('type', '=', 'message.created')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(event.payload).conversation.customAttributes).toEqual({ context: ARTICLE });

    // A retry is the same message; a later message without context keeps the conversation's context.
    const retry = await app.api('POST', '/widget/v1/messages', {
      token: v.token,
      body: { content: '退款还没到', clientMessageId: 'ctx-1', context: ARTICLE },
    });
    expect(retry.status).toBe(200);
    expect(retry.body.message.id).toBe(res.body.message.id);
    const next = await app.api('POST', '/widget/v1/messages', {
      token: v.token,
      body: { content: '订单号 A1001', clientMessageId: 'ctx-2' },
    });
    expect(next.status).toBe(201);
    expect(next.body.message.attributes).toEqual({});
    expect(JSON.parse((await conversationsOf(v.contactId))[0].custom_attributes)).toEqual({
      context: ARTICLE,
    });

    // A new context later in the same conversation (e.g. a product page) replaces it.
    const product = { productId: 'SKU-42', title: '蓝牙耳机', price: 299 };
    await app.api('POST', '/widget/v1/messages', {
      token: v.token,
      body: { content: '这个有货吗', clientMessageId: 'ctx-3', context: product },
    });
    expect(JSON.parse((await conversationsOf(v.contactId))[0].custom_attributes)).toEqual({
      context: product,
    });
    expect(
      (await messagesOf(v.contactId)).map((m) => JSON.parse(m.content_attributes).context ?? null),
    ).toEqual([ARTICLE, null, product]);
  });

  it('oversized or wrongly shaped context → 422 invalid_context and nothing is stored', async () => {
    const v = await app.visitor(acct.inboxToken);
    const eleven = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, i]));
    const bad: Array<[string, unknown]> = [
      ['11 keys', eleven],
      ['value over 500 chars', { title: 'x'.repeat(501) }],
      ['nested object', { article: { id: '1' } }],
      ['array value', { ids: ['1', '2'] }],
      ['boolean value', { helpful: true }],
      ['bad key', { 'data-x': '1' }],
      ['prototype key', { __proto__x: '1' }],
      ['empty object', {}],
      ['array', ['articleId']],
      ['string', 'article 1'],
      ['number', 42],
    ];
    for (const [what, context] of bad) {
      const res = await app.api('POST', '/widget/v1/messages', {
        token: v.token,
        body: { content: 'hi', clientMessageId: `bad-${what.replace(/\W/g, '')}`, context },
      });
      expect(res.status, what).toBe(422);
      expect(res.body.error.code, what).toBe('invalid_context');
      expect(res.body.error.details[0].path, what).toMatch(/^body\.context/);
    }
    // 500 characters exactly and 10 keys are fine (in another visitor, so the first one stays empty).
    expect(await conversationsOf(v.contactId)).toEqual([]);
    expect(await messagesOf(v.contactId)).toEqual([]);
    const ok = await app.visitor(acct.inboxToken);
    const ten = Object.fromEntries(
      Array.from({ length: 10 }, (_, i) => [`k${i}`, i === 0 ? 'x'.repeat(500) : i]),
    );
    const res = await app.api('POST', '/widget/v1/messages', {
      token: ok.token,
      body: { content: 'hi', clientMessageId: 'ok-10', context: ten },
    });
    expect(res.status).toBe(201);
    expect(JSON.parse((await conversationsOf(ok.contactId))[0].custom_attributes)).toEqual({
      context: ten,
    });
  });

  it('the offline form carries the context too; a bad one → 422 before anything (profile included) is stored', async () => {
    const v = await app.visitor(acct.inboxToken);
    const bad = await app.api('POST', '/widget/v1/offline-message', {
      token: v.token,
      body: {
        name: 'Ann',
        email: 'ann@example.com',
        content: 'call me',
        clientMessageId: 'off-bad',
        context: { a: { b: 1 } },
      },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe('invalid_context');
    expect(await conversationsOf(v.contactId)).toEqual([]);
    expect(
      (
        await db()
          .selectFrom('contacts')
          .select('email')
          .where('id', '=', v.contactId)
          .executeTakeFirstOrThrow()
      ).email,
    ).toBeNull();
    const ok = await app.api('POST', '/widget/v1/offline-message', {
      token: v.token,
      body: {
        name: 'Ann',
        email: 'ann@example.com',
        content: 'call me',
        clientMessageId: 'off-ok',
        context: ARTICLE,
      },
    });
    expect(ok.status).toBe(201);
    expect(ok.body.message.attributes).toEqual({
      source: 'offline_form',
      replyTo: 'ann@example.com',
      context: ARTICLE,
    });
    expect(JSON.parse((await conversationsOf(v.contactId))[0].custom_attributes)).toEqual({
      context: ARTICLE,
    });
  });

  it('the other body rules still apply (400 invalid_request), and without a visitor token → 401', async () => {
    const v = await app.visitor(acct.inboxToken);
    const unknown = await app.api('POST', '/widget/v1/messages', {
      token: v.token,
      body: { content: 'x', clientMessageId: 'u1', context: ARTICLE, extra: 1 },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('invalid_request');
    expect(
      (
        await app.api('POST', '/widget/v1/messages', {
          body: { content: 'x', clientMessageId: 'u2', context: ARTICLE },
        })
      ).status,
    ).toBe(401);
    expect(await conversationsOf(v.contactId)).toEqual([]);
  });
});
