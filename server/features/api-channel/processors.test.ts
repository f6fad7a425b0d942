/**
 * The outbound side through the running server (its own delivery worker): an agent's reply, the
 * bot's answer and a status change in an API inbox reach a real loopback receiver, signed; notes,
 * customer messages and anything in a web-chat inbox never do; one delivery per (message, webhook)
 * however often the event is processed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateInbox } from '../../core/commands/accounts.ts';
import { execute } from '../../core/commands/context.ts';
import type { DomainEvent } from '../../core/events/catalog.ts';
import { systemActor } from '../../core/policies/actor.ts';
import { testApp, type SeededAccount, type Session, type TestApp } from '../../test/test-app.ts';
import { backgroundSettled, until } from '../../test/wait.ts';
import {
  appSends,
  createApiInbox,
  deliveriesOf,
  Receiver,
  setWebhook,
  type ApiInbox,
} from './test/harness.ts';

let t: TestApp;
let acct: SeededAccount;
let admin: Session;
let agent: Session;
let inbox: ApiInbox;
const receiver = new Receiver();

beforeAll(async () => {
  t = await testApp({ OUTBOUND_ALLOW_PRIVATE: 'true' });
  acct = await t.seedAccount();
  admin = await t.login(acct.users.owner.email, acct.users.owner.password);
  agent = await t.login(acct.users.agent.email, acct.users.agent.password);
  inbox = await createApiInbox(t, admin);
  await receiver.up();
  receiver.secret = await setWebhook(t, admin, inbox.inboxId, receiver.url);
});
afterAll(async () => {
  await t.stop();
  await receiver.down();
});

const reply = (conversationId: string, content: string, extra: Record<string, unknown> = {}) =>
  t.api('POST', `/api/v1/conversations/${conversationId}/messages`, {
    session: agent,
    body: { content, clientMessageId: `r-${Math.random().toString(36).slice(2)}`, ...extra },
  });
const receivedOf = (conversationId: string) =>
  receiver.received.filter((r) => r.json?.conversation?.id === conversationId);

describe('webhook deliveries', () => {
  it("an agent's reply reaches the app, signed, with the contact's external id", async () => {
    const sent = await appSends(t, inbox, 'user-w1', 'where is my parcel?', {
      contact: { externalId: 'user-w1', name: 'Wei' },
    });
    const cid = sent.body.conversation.id;
    expect((await reply(cid, 'It left the warehouse today.')).status).toBe(201);
    const [got] = await until(
      () => receivedOf(cid),
      (r) => r.length >= 1,
      {
        what: 'the webhook request',
      },
    );
    expect(got.verified).toEqual({ ok: true, timestamp: expect.any(Number) });
    expect(got.headers['content-type']).toBe('application/json');
    expect(got.headers['x-kefu-event']).toBe('message.created');
    expect(got.headers['x-kefu-delivery']).toBe(got.json.id);
    expect(got.json).toMatchObject({
      type: 'message.created',
      inboxId: inbox.inboxId,
      contact: { id: sent.body.contact.id, externalId: 'user-w1' },
      conversation: { id: cid, status: 'open', assigned: true },
      message: {
        type: 'outgoing',
        content: 'It left the warehouse today.',
        sender: { type: 'user', id: acct.users.agent.id, name: expect.stringMatching(/^agent /) },
      },
    });
    await until(
      async () => (await deliveriesOf(t.services, inbox.inboxId)).find((d) => d.id === got.json.id),
      (d) => d?.status === 'delivered',
    );
    // the customer's own message was not sent back to the app
    expect(receivedOf(cid)).toHaveLength(1);
  });

  it('a private note is not sent; a status change is', async () => {
    const sent = await appSends(t, inbox, 'user-w2', 'hello');
    const cid = sent.body.conversation.id;
    expect((await reply(cid, 'internal only', { private: true })).body.type).toBe('note');
    const resolved = await t.api('PATCH', `/api/v1/conversations/${cid}`, {
      session: agent,
      body: { status: 'resolve' },
    });
    expect(resolved.status).toBe(200);
    const [got] = await until(
      () => receivedOf(cid),
      (r) => r.length >= 1,
    );
    expect(got.verified.ok).toBe(true);
    expect(got.json).toMatchObject({
      type: 'conversation.status_changed',
      previousStatus: 'open',
      conversation: { id: cid, status: 'resolved' },
      contact: { externalId: 'user-w2' },
    });
    await backgroundSettled(t.services.database.db, acct.accountId);
    expect(receivedOf(cid).map((r) => r.json.type)).toEqual(['conversation.status_changed']);
  });

  it("the bot's answer in an API inbox is sent too", async () => {
    const bot = await createApiInbox(t, admin, 'Bot app');
    const botHook = new Receiver();
    await botHook.up();
    try {
      botHook.secret = await setWebhook(t, admin, bot.inboxId, botHook.url);
      await execute(t.services, systemActor(acct.accountId), updateInbox, {
        inboxId: bot.inboxId,
        settings: { bot: { mode: 'on' } },
      });
      const sent = await appSends(t, bot, 'user-bot', '今天天气怎么样');
      expect(sent.body.conversation.mode).toBe('bot');
      const [got] = await until(
        () => botHook.received,
        (r) => r.length >= 1,
        { timeoutMs: 60_000, what: "the bot's answer" },
      );
      expect(got.verified.ok).toBe(true);
      expect(got.json.message).toMatchObject({ type: 'outgoing', sender: { type: 'bot' } });
      expect(got.json.contact.externalId).toBe('user-bot');
    } finally {
      await botHook.down();
    }
  });

  it('replies in a web-chat inbox never trigger a webhook', async () => {
    const before = receiver.received.length;
    const v = await t.visitor(acct.inboxToken);
    const said = await t.api('POST', '/widget/v1/messages', {
      token: v.token,
      body: { content: 'widget customer', clientMessageId: 'wc-1' },
    });
    const cid = said.body.conversation.id;
    expect((await reply(cid, 'widget answer')).status).toBe(201);
    await t.api('PATCH', `/api/v1/conversations/${cid}`, {
      session: agent,
      body: { status: 'resolve' },
    });
    await backgroundSettled(t.services.database.db, acct.accountId);
    const widgetDeliveries = await t.services.database.db
      .selectFrom('api_channel_deliveries')
      .select('id')
      .where('conversation_id', '=', cid)
      .execute();
    expect(widgetDeliveries).toEqual([]);
    expect(receiver.received.length).toBe(before);
  });

  it('one delivery per (message, webhook): processing the event again sends nothing new', async () => {
    const sent = await appSends(t, inbox, 'user-w3', 'again?');
    const cid = sent.body.conversation.id;
    const r = await reply(cid, 'only once');
    await until(
      () => receivedOf(cid),
      (x) => x.length >= 1,
    );
    const row = await t.services.database.db
      .selectFrom('events')
      .selectAll()
      .where('conversation_id', '=', cid)
      .where('type', '=', 'message.created')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    const event: DomainEvent = {
      id: Number(row.id),
      accountId: row.account_id,
      type: 'message.created',
      conversationId: row.conversation_id,
      payload: JSON.parse(row.payload),
      createdAt: Number(row.created_at),
    };
    expect((event as DomainEvent<'message.created'>).payload.message.id).toBe(r.body.id);
    const processor = t.services.dispatcher.processor('api-channel-webhooks')!;
    await processor.handle(event);
    await processor.handle(event);
    const rows = (await deliveriesOf(t.services, inbox.inboxId)).filter(
      (d) => d.message_id === r.body.id,
    );
    expect(rows).toHaveLength(1);
    await backgroundSettled(t.services.database.db, acct.accountId);
    expect(receivedOf(cid)).toHaveLength(1);
  });
});
