/**
 * Inbound messages from an app: the inbox token (constant-time, per inbox, rotatable), contacts by
 * inbox-scoped external id, idempotent sends (sequential and concurrent retries), stable error codes,
 * history by seq, and the conversation in the agents' list like any other.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type SeededAccount, type Session, type TestApp } from '../../../test/test-app.ts';
import { appSends, createApiInbox, type ApiInbox } from '../test/harness.ts';

let t: TestApp;
let acct: SeededAccount;
let admin: Session;
let inbox: ApiInbox;

beforeAll(async () => {
  t = await testApp();
  acct = await t.seedAccount();
  admin = await t.login(acct.users.owner.email, acct.users.owner.password);
  inbox = await createApiInbox(t, admin);
});
afterAll(async () => {
  await t.stop();
});

const send = (body: unknown, token = inbox.token, inboxId = inbox.inboxId) =>
  t.api('POST', `/api/v1/channels/api/${inboxId}/messages`, { token, body });

describe('inbound messages', () => {
  it('creates the contact and the conversation (201), a retry returns the first message (200)', async () => {
    const body = {
      contact: {
        externalId: 'user-1',
        name: 'Alice',
        email: 'Alice@Example.com',
        phone: '+86 138 0000 0001',
      },
      clientMessageId: 'm-1',
      content: '我的订单到哪了？',
    };
    const first = await send(body);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      duplicate: false,
      contact: { externalId: 'user-1' },
      message: { type: 'incoming', content: '我的订单到哪了？', seq: 1, clientMessageId: 'm-1' },
      conversation: { status: 'open', lastSeq: 1, assigned: false },
    });
    const again = await send({ ...body, content: 'changed on retry' });
    expect(again.status).toBe(200);
    expect(again.body.duplicate).toBe(true);
    expect(again.body.message).toEqual(first.body.message);

    // the contact: name and email as sent, identities scoped to the inbox, email and phone kept
    const contact = await t.api('GET', `/api/v1/contacts/${first.body.contact.id}`, {
      session: admin,
    });
    expect(contact.body).toMatchObject({ name: 'Alice', email: 'alice@example.com' });
    expect(contact.body.identities).toEqual(
      expect.arrayContaining([
        { kind: 'external_id', value: `${inbox.inboxId}:user-1` },
        { kind: 'email', value: 'alice@example.com' },
        { kind: 'phone', value: '+86 138 0000 0001' },
      ]),
    );
    // the next message of the same user goes to the same conversation
    const second = await send({
      contact: { externalId: 'user-1' },
      clientMessageId: 'm-2',
      content: 'hello?',
    });
    expect(second.status).toBe(201);
    expect(second.body.conversation.id).toBe(first.body.conversation.id);
    expect(second.body.message.seq).toBe(2);
    expect(second.body.contact.id).toBe(first.body.contact.id);
  });

  it('concurrent retries of a first message store one contact, one conversation, one message', async () => {
    const body = {
      contact: { externalId: 'user-race', name: 'Bo' },
      clientMessageId: 'race-1',
      content: 'once',
    };
    const answers = await Promise.all(Array.from({ length: 8 }, () => send(body)));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(answers.map((a) => a.body.message.id)).size).toBe(1);
    expect(new Set(answers.map((a) => a.body.contact.id)).size).toBe(1);
    const rows = await t.services.database.db
      .selectFrom('contact_identities')
      .select('contact_id')
      .where('value', '=', `${inbox.inboxId}:user-race`)
      .execute();
    expect(rows).toHaveLength(1);
    const history = await t.api(
      'GET',
      `/api/v1/channels/api/${inbox.inboxId}/conversations/${answers[0].body.conversation.id}/messages`,
      { token: inbox.token },
    );
    expect(history.body.data.map((m: { content: string }) => m.content)).toEqual(['once']);
  });

  it('an email another contact already has is not merged into it', async () => {
    const other = await t.api('POST', '/api/v1/contacts', {
      session: admin,
      body: { email: 'shared@example.com', name: 'Web visitor' },
    });
    const r = await send({
      contact: { externalId: 'user-shared', email: 'shared@example.com' },
      clientMessageId: 's-1',
      content: 'hi',
    });
    expect(r.status).toBe(201);
    expect(r.body.contact.id).not.toBe(other.body.id);
    const mine = await t.api('GET', `/api/v1/contacts/${r.body.contact.id}`, { session: admin });
    expect(mine.body.email).toBe('shared@example.com'); // on the profile…
    expect(mine.body.identities).toEqual([
      { kind: 'external_id', value: `${inbox.inboxId}:user-shared` },
    ]);
    const theirs = await t.api('GET', `/api/v1/contacts/${other.body.id}`, { session: admin });
    expect(theirs.body.identities).toEqual([{ kind: 'email', value: 'shared@example.com' }]); // …the identity stays theirs
  });

  it('the same external id in two API inboxes is two people', async () => {
    const inbox2 = await createApiInbox(t, admin, 'Second app');
    const a = await appSends(t, inbox, 'same-id', 'from app 1');
    const b = await appSends(t, inbox2, 'same-id', 'from app 2');
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(a.body.contact.id).not.toBe(b.body.contact.id);
  });

  it('the conversation shows up for agents like any other', async () => {
    const r = await appSends(t, inbox, 'user-list', 'please call me back', {
      contact: { externalId: 'user-list', name: 'Listed Person' },
    });
    const agent = await t.login(acct.users.agent.email, acct.users.agent.password);
    const list = await t.api('GET', `/api/v1/conversations?inbox=${inbox.inboxId}&limit=100`, {
      session: agent,
    });
    expect(list.status).toBe(200);
    const row = list.body.data.find((c: { id: string }) => c.id === r.body.conversation.id);
    expect(row).toMatchObject({
      inboxId: inbox.inboxId,
      contact: { name: 'Listed Person' },
      lastMessage: { content: 'please call me back', type: 'incoming', senderType: 'contact' },
    });
    const messages = await t.api(
      'GET',
      `/api/v1/conversations/${r.body.conversation.id}/messages`,
      {
        session: agent,
      },
    );
    expect(messages.body.data.at(-1)).toMatchObject({ content: 'please call me back' });
  });

  it("history by seq: public messages only, with the agent name; 404 for another inbox's conversation", async () => {
    const r = await appSends(t, inbox, 'user-history', 'first');
    const cid = r.body.conversation.id;
    const agent = await t.login(acct.users.agent.email, acct.users.agent.password);
    const note = await t.api('POST', `/api/v1/conversations/${cid}/messages`, {
      session: agent,
      body: { content: 'internal note', private: true, clientMessageId: 'n-1' },
    });
    expect(note.body.type).toBe('note');
    await t.api('POST', `/api/v1/conversations/${cid}/messages`, {
      session: agent,
      body: { content: 'We are on it', clientMessageId: 'a-1' },
    });
    const url = `/api/v1/channels/api/${inbox.inboxId}/conversations/${cid}/messages`;
    const all = await t.api('GET', url, { token: inbox.token });
    expect(all.status).toBe(200);
    const publicOnes = all.body.data.filter((m: { type: string }) => m.type !== 'activity');
    expect(publicOnes.map((m: { content: string }) => m.content)).toEqual([
      'first',
      'We are on it',
    ]);
    expect(publicOnes[1].sender).toMatchObject({ type: 'user', id: acct.users.agent.id });
    expect(publicOnes[1].sender.name).toMatch(/^agent acct-/);
    const after = await t.api('GET', `${url}?after=${publicOnes[0].seq}`, { token: inbox.token });
    expect(after.body.data.map((m: { content: string }) => m.content)).toContain('We are on it');
    expect(after.body.data.map((m: { content: string }) => m.content)).not.toContain('first');

    const inbox2 = await createApiInbox(t, admin, 'Other app');
    const other = await t.api(
      'GET',
      `/api/v1/channels/api/${inbox2.inboxId}/conversations/${cid}/messages`,
      {
        token: inbox2.token,
      },
    );
    expect(other.status).toBe(404);
    expect(other.body.error.code).toBe('not_found');
  });
});

describe('inbox token', () => {
  it("a missing, wrong, other inbox's or other account's token is 401 invalid_inbox_token", async () => {
    const body = { contact: { externalId: 'x' }, clientMessageId: 'x-1', content: 'hi' };
    const inbox2 = await createApiInbox(t, admin, 'Another app');
    const acct2 = await t.seedAccount();
    const admin2 = await t.login(acct2.users.owner.email, acct2.users.owner.password);
    const foreign = await createApiInbox(t, admin2, 'Foreign app');
    const cases: Array<[string | undefined, string]> = [
      [undefined, inbox.inboxId], // no token
      ['kefu_inbox_wrong', inbox.inboxId],
      [inbox2.token, inbox.inboxId], // token of another inbox of the same account
      [foreign.token, inbox.inboxId], // token of another account's inbox
      [inbox.token, foreign.inboxId], // our token on their inbox
      [acct.inboxToken, acct.inboxId], // a web-chat inbox and its public token
      [inbox.token, 'not-an-id'],
      [inbox.token, '0190b0b0-0000-7000-8000-000000000000'], // unknown inbox
    ];
    for (const [token, inboxId] of cases) {
      const r = await t.api('POST', `/api/v1/channels/api/${inboxId}/messages`, { token, body });
      expect({ token, inboxId, status: r.status, code: r.body?.error?.code }).toEqual({
        token,
        inboxId,
        status: 401,
        code: 'invalid_inbox_token',
      });
    }
  });

  it('rotating the token ends the old one at once', async () => {
    const mine = await createApiInbox(t, admin, 'Rotating app');
    expect((await appSends(t, mine, 'r-1', 'before')).status).toBe(201);
    const rotated = await t.api('POST', `/api/v1/inboxes/${mine.inboxId}/api-channel/token`, {
      session: admin,
    });
    expect(rotated.body.token).not.toBe(mine.token);
    expect((await appSends(t, mine, 'r-1', 'old token')).status).toBe(401);
    expect((await appSends(t, { ...mine, token: rotated.body.token }, 'r-1', 'new')).status).toBe(
      201,
    );
  });

  it('an invalid body is 400 invalid_request with the fields', async () => {
    const bad: Array<[unknown, string]> = [
      [{ clientMessageId: 'b-1', content: 'no contact' }, 'body.contact'],
      [{ contact: { externalId: 'u' }, clientMessageId: 'b-2', content: '   ' }, 'body.content'],
      [
        { contact: { externalId: 'has space' }, clientMessageId: 'b-3', content: 'x' },
        'body.contact.externalId',
      ],
      [
        { contact: { externalId: 'u', email: 'nope' }, clientMessageId: 'b-4', content: 'x' },
        'body.contact.email',
      ],
      [
        { contact: { externalId: 'u' }, clientMessageId: 'b 5', content: 'x' },
        'body.clientMessageId',
      ],
      [{ contact: { externalId: 'u' }, clientMessageId: 'b-6', content: 'x', extra: 1 }, 'body'],
      [
        {
          contact: { externalId: 'u' },
          clientMessageId: 'b-7',
          content: 'x',
          attachmentIds: ['1'],
        },
        'body.attachmentIds.0',
      ],
    ];
    for (const [body, path] of bad) {
      const r = await send(body);
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('invalid_request');
      expect(r.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    }
    const none = await t.api('POST', `/api/v1/channels/api/${inbox.inboxId}/messages`, {
      token: inbox.token,
      raw: 'not json',
      headers: { 'content-type': 'application/json' },
    });
    expect(none.status).toBe(400);
  });
});
