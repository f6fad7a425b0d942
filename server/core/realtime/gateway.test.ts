import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ask,
  testApp,
  waitFor,
  type SeededAccount,
  type Session,
  type TestApp,
} from '../../test/test-app.ts';

let app: TestApp;
let acct: SeededAccount;
let other: SeededAccount;
let agent: Session;

beforeAll(async () => {
  app = await testApp();
  acct = await app.seedAccount();
  other = await app.seedAccount();
  agent = await app.login(acct.users.agent.email, acct.users.agent.password);
});
afterAll(async () => {
  await app.stop();
});

describe('realtime conversation, end to end through a real HTTP server', () => {
  it('visitor writes → agent sees it live → agent replies → visitor sees it; notes stay internal', async () => {
    const agentSock = await app.agentSocket(agent);
    const v = await app.visitor(acct.inboxToken);
    const visitorSock = await app.visitorSocket(v.token);
    const seen = waitFor(
      agentSock,
      'event',
      (e) => e.type === 'message.created' && e.payload.message.clientMessageId === 'rt-1',
    );
    const ack = await ask(visitorSock, 'message:send', {
      content: '你好，在吗？',
      clientMessageId: 'rt-1',
    });
    expect(ack.message).toMatchObject({ seq: 1, content: '你好，在吗？' });
    const event = await seen;
    expect(event.id).toEqual(expect.any(Number));
    const conversationId = event.payload.conversation.id;

    const visitorMessages: any[] = [];
    visitorSock.on('message', (m) => visitorMessages.push(m.message));
    expect(await ask(agentSock, 'conversation:join', { conversationId })).toEqual({ ok: true });
    const typing = waitFor(visitorSock, 'typing');
    await ask(agentSock, 'typing', { conversationId, typing: true });
    expect((await typing).typing).toBe(true);
    await ask(agentSock, 'message:send', {
      conversationId,
      content: 'internal note',
      private: true,
      clientMessageId: 'n-1',
    });
    const reply = waitFor(
      visitorSock,
      'message',
      (m) => m.message.content === '您好，请问有什么可以帮您？',
    );
    const sent = await ask(agentSock, 'message:send', {
      conversationId,
      content: '您好，请问有什么可以帮您？',
      clientMessageId: 'a-1',
    });
    expect(sent.message.type).toBe('outgoing');
    await reply;
    expect(visitorMessages.map((m) => m.content)).not.toContain('internal note');

    const read = waitFor(
      agentSock,
      'event',
      (e) => e.type === 'conversation.read' && e.payload.reader.type === 'contact',
    );
    await ask(visitorSock, 'read', { seq: sent.message.seq });
    expect((await read).payload.seq).toBe(sent.message.seq);
  });

  it("the sending tab gets its message in the ack only; the visitor's other tab gets it live", async () => {
    const v = await app.visitor(acct.inboxToken);
    const tab1 = await app.visitorSocket(v.token);
    const tab2 = await app.visitorSocket(v.token);
    const echoed: any[] = [];
    tab1.on('message', (m) => echoed.push(m.message));
    const other = waitFor(tab2, 'message', (m) => m.message.clientMessageId === 'tabs-1');
    const ack = await ask(tab1, 'message:send', { content: 'two tabs', clientMessageId: 'tabs-1' });
    expect((await other).message.id).toBe(ack.message.id);
    const agentSock = await app.agentSocket(agent); // an agent reply still reaches both tabs
    const r1 = waitFor(tab1, 'message', (m) => m.message.content === 'reply to tabs');
    const r2 = waitFor(tab2, 'message', (m) => m.message.content === 'reply to tabs');
    await ask(agentSock, 'message:send', {
      conversationId: ack.message.conversationId,
      content: 'reply to tabs',
      clientMessageId: 'tabs-a1',
    });
    await Promise.all([r1, r2]);
    expect(echoed.map((m) => m.content)).toEqual(['reply to tabs']); // no echo of its own message
  });

  it('a second agent viewing the same conversation is announced (collision warning data)', async () => {
    const v = await app.visitor(acct.inboxToken);
    const cid = (
      await app.api('POST', '/widget/v1/messages', {
        token: v.token,
        body: { content: 'hi', clientMessageId: 'c1' },
      })
    ).body.conversation.id;
    const s1 = await app.agentSocket(agent);
    const s2 = await app.agentSocket(
      await app.login(acct.users.agent2.email, acct.users.agent2.password),
    );
    await ask(s1, 'conversation:join', { conversationId: cid });
    const viewers = waitFor(s1, 'conversation.viewers', (p) => p.viewers.length === 2);
    await ask(s2, 'conversation:join', { conversationId: cid });
    const p = await viewers;
    expect(p.viewers.map((x: { userId: string }) => x.userId).sort()).toEqual(
      [acct.users.agent.id, acct.users.agent2.id].sort(),
    );
  });

  it("sockets cannot subscribe to, sync or write another account's conversations, and receive none of its events", async () => {
    const agentSock = await app.agentSocket(agent);
    const leaked: unknown[] = [];
    agentSock.on('event', (e) => {
      if (JSON.stringify(e).includes('other-secret')) leaked.push(e);
    });
    const vo = await app.visitor(other.inboxToken);
    const cid = (
      await app.api('POST', '/widget/v1/messages', {
        token: vo.token,
        body: { content: 'other-secret', clientMessageId: 'o1' },
      })
    ).body.conversation.id;
    expect((await ask(agentSock, 'conversation:join', { conversationId: cid })).error.code).toBe(
      'not_found',
    );
    expect(
      (await ask(agentSock, 'conversation:sync', { conversationId: cid, afterSeq: 0 })).error.code,
    ).toBe('not_found');
    expect(
      (
        await ask(agentSock, 'message:send', {
          conversationId: cid,
          content: 'x',
          clientMessageId: 'z',
        })
      ).error.code,
    ).toBe('not_found');
    expect((await ask(agentSock, 'conversation:join', { conversationId: 1 })).error.code).toBe(
      'invalid_request',
    );
    await new Promise((r) => setTimeout(r, 200));
    expect(leaked).toEqual([]);
  });

  it('rejects sockets without valid credentials', async () => {
    await expect(app.visitorSocket('v1.forged.token')).rejects.toThrow();
    await expect(
      app.agentSocket({ cookie: 'kefu_session=nope', csrf: '', userId: '', accountId: '' }),
    ).rejects.toThrow();
  });

  it('a reconnecting agent resumes from its last event id and gets everything it missed', async () => {
    const s = await app.agentSocket(agent);
    const v = await app.visitor(acct.inboxToken);
    const first = waitFor(s, 'event', (e) => e.payload?.message?.clientMessageId === 'r0');
    await app.api('POST', '/widget/v1/messages', {
      token: v.token,
      body: { content: 'before', clientMessageId: 'r0' },
    });
    const lastId = (await first).id;
    s.disconnect();
    for (let i = 1; i <= 5; i++)
      await app.api('POST', '/widget/v1/messages', {
        token: v.token,
        body: { content: `missed ${i}`, clientMessageId: `r${i}` },
      });
    const s2 = await app.agentSocket(agent);
    const resumed = await ask(s2, 'resume', { after: lastId });
    expect(resumed.resync).toBe(false);
    // events shortly before the cursor are repeated on purpose (sequence commit-order grace); clients skip ids they applied
    const missed = resumed.events
      .filter((e: any) => e.id > lastId && e.type === 'message.created')
      .map((e: any) => e.payload.message.content);
    expect(missed).toEqual(['missed 1', 'missed 2', 'missed 3', 'missed 4', 'missed 5']);
    const tooOld = await ask(s2, 'resume', { after: 999_999_999 });
    expect(tooOld.resync).toBe(true);
  });

  it('a reconnecting visitor syncs by seq', async () => {
    const v = await app.visitor(acct.inboxToken);
    const s = await app.visitorSocket(v.token);
    const a = await ask(s, 'message:send', { content: 'one', clientMessageId: 's1' });
    await ask(s, 'message:send', { content: 'two', clientMessageId: 's2' });
    await ask(s, 'message:send', { content: 'two', clientMessageId: 's2' }); // retry: same message
    const synced = await ask(s, 'sync', { afterSeq: a.message.seq });
    expect(synced.messages.map((m: { content: string }) => m.content)).toEqual(['two']);
  });
});
