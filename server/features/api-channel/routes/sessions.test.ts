/**
 * Live apps over the widget's /visitor socket (a real socket.io-client): the app's server trades its
 * inbox token for a visitor token of one user; the client sends through the socket (acked, stored in
 * the API inbox for that user) and gets the agent's reply live; the token works for no one else.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ask,
  testApp,
  waitFor,
  type SeededAccount,
  type Session,
  type TestApp,
} from '../../../test/test-app.ts';
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

const session = (externalId: string, token = inbox.token, inboxId = inbox.inboxId) =>
  t.api('POST', `/api/v1/channels/api/${inboxId}/sessions`, {
    token,
    body: { contact: { externalId, name: 'Live User' } },
  });

describe('live apps on the /visitor socket', () => {
  it('a visitor token for the user: send over the socket, receive the agent reply live', async () => {
    const s = await session('live-1');
    expect(s.status).toBe(200);
    expect(s.body).toMatchObject({
      visitorToken: expect.stringMatching(/^v1\./),
      contact: { externalId: 'live-1' },
      conversation: null,
    });
    const socket = await t.visitorSocket(s.body.visitorToken);
    const ack = await ask(socket, 'message:send', {
      content: 'from the app socket',
      clientMessageId: 'ls-1',
    });
    expect(ack).toMatchObject({
      message: { type: 'incoming', content: 'from the app socket' },
      duplicate: false,
    });
    // the same user over REST lands in the same conversation (one contact per external id)
    const rest = await appSends(t, inbox, 'live-1', 'and over REST');
    expect(rest.body.conversation.id).toBe(ack.conversation.id);
    expect(rest.body.contact.id).toBe(s.body.contact.id);
    const again = await ask(socket, 'message:send', { content: 'retry', clientMessageId: 'ls-1' });
    expect(again).toMatchObject({ duplicate: true, message: { id: ack.message.id } });

    const conv = await t.api('GET', `/api/v1/conversations/${ack.conversation.id}`, {
      session: admin,
    });
    expect(conv.body).toMatchObject({ inboxId: inbox.inboxId, contact: { name: 'Live User' } });

    const live = waitFor(socket, 'message');
    const agent = await t.login(acct.users.agent.email, acct.users.agent.password);
    await t.api('POST', `/api/v1/conversations/${ack.conversation.id}/messages`, {
      session: agent,
      body: { content: 'hello from an agent', clientMessageId: 'ls-a' },
    });
    expect(await live).toMatchObject({
      message: { type: 'outgoing', content: 'hello from an agent' },
      conversation: { id: ack.conversation.id },
    });
    // a second session of the same user resumes the conversation
    const resumed = await session('live-1');
    expect(resumed.body.conversation).toMatchObject({
      id: ack.conversation.id,
      lastSeq: expect.any(Number),
    });
  });

  it('no inbox token, no visitor token; a visitor token is for its own user only', async () => {
    expect((await session('x', 'kefu_inbox_wrong')).status).toBe(401);
    const acct2 = await t.seedAccount();
    const admin2 = await t.login(acct2.users.owner.email, acct2.users.owner.password);
    const foreign = await createApiInbox(t, admin2, 'Foreign');
    expect((await session('x', foreign.token)).status).toBe(401);
    const bad = await t.api('POST', `/api/v1/channels/api/${inbox.inboxId}/sessions`, {
      token: inbox.token,
      body: { contact: {} },
    });
    expect(bad.status).toBe(400);

    const a = await session('iso-a');
    const b = await session('iso-b');
    const sa = await t.visitorSocket(a.body.visitorToken);
    const sb = await t.visitorSocket(b.body.visitorToken);
    const sentA = await ask(sa, 'message:send', { content: 'mine', clientMessageId: 'iso-1' });
    const sentB = await ask(sb, 'message:send', { content: 'theirs', clientMessageId: 'iso-1' });
    expect(sentB.message.id).not.toBe(sentA.message.id);
    expect(sentB.conversation.id).not.toBe(sentA.conversation.id);
    const sync = await ask(sb, 'sync', { afterSeq: 0 });
    expect(JSON.stringify(sync)).toContain('theirs');
    expect(JSON.stringify(sync)).not.toContain('mine');
    await expect(t.visitorSocket('v1.forged.token')).rejects.toThrow();
  });
});
