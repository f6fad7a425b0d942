/**
 * Agents restricted to their inboxes and teams on the live socket: join, sync, send, resume, the
 * events they hear (rooms per inbox and team, audience.ts) and changes that apply to a live socket.
 */
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ask, testApp, type TestApp, waitFor } from '../../test/test-app.ts';
import { until } from '../../test/wait.ts';
import {
  buildWorld,
  customerSays,
  setRestricted,
  type World,
} from '../policies/visibility.fixture.ts';

let app: TestApp;
let w: World;
beforeAll(async () => {
  app = await testApp();
  w = await buildWorld(app);
  expect((await setRestricted(app, w.owner, true)).status).toBe(200);
});
afterAll(async () => {
  await app.stop();
});

type Envelope = { id: number; type: string; payload: any };
/** Every `event` the socket hears, from now on. */
function record(socket: Socket): Envelope[] {
  const heard: Envelope[] = [];
  socket.on('event', (e: Envelope) => heard.push(e));
  return heard;
}
const conversationOf = (e: Envelope): string | undefined =>
  e.payload?.conversation?.id ?? e.payload?.conversationId;
const messageIn = (id: string) => (e: Envelope) =>
  e.type === 'message.created' && e.payload.conversation.id === id;

/** Resolves when the server ends the socket (what a membership or setting change does). */
const ended = (socket: Socket) =>
  new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));

async function reconnect(socket: Socket): Promise<void> {
  const up = new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  socket.connect();
  await up;
}

describe('agent socket with the restriction on', () => {
  it("join, sync and send answer not_found for another inbox's conversation", async () => {
    const socket = await app.agentSocket(w.agent);
    for (const event of ['conversation:join', 'conversation:sync']) {
      const r = await ask(socket, event, {
        conversationId: w.conv.b1,
        ...(event === 'conversation:sync' ? { afterSeq: 0 } : {}),
      });
      expect([event, r.error?.code]).toEqual([event, 'not_found']);
    }
    const send = await ask(socket, 'message:send', {
      conversationId: w.conv.b1,
      content: 'not mine',
      clientMessageId: 'no-1',
    });
    expect(send.error?.code).toBe('not_found');
    for (const id of [w.conv.a1, w.conv.b2, w.conv.b3])
      expect(await ask(socket, 'conversation:join', { conversationId: id })).toEqual({ ok: true });
    const sync = await ask(socket, 'conversation:sync', { conversationId: w.conv.a1, afterSeq: 0 });
    expect(sync.messages.length).toBeGreaterThan(0);
    socket.disconnect();
  });

  it('resume {after: 0} holds no event of a conversation they may not see', async () => {
    const socket = await app.agentSocket(w.agent);
    const r = await ask(socket, 'resume', { after: 0 });
    const convs = new Set(r.events.map(conversationOf));
    expect(convs.has(w.conv.b1)).toBe(false);
    expect(convs.has(w.conv.a1)).toBe(true);
    expect(convs.has(w.conv.b2)).toBe(true);
    socket.disconnect();
  });

  it('a live message in the other inbox never reaches them; one in their inbox, team or own does', async () => {
    const agent = await app.agentSocket(w.agent);
    const supervisor = await app.agentSocket(w.supervisor);
    const heard = record(agent);
    const supervisorHeard = record(supervisor);
    await customerSays(app, w.inboxB.token, 'bravo live 乙', w.b1Visitor);
    // one lane, commit order: had b1's event been sent to the agent, it would come first
    await customerSays(app, w.acct.inboxToken, 'alpha live', w.a1Visitor);
    await until(() => heard.some(messageIn(w.conv.a1)), Boolean, { what: 'a1 to the agent' });
    await until(() => supervisorHeard.some(messageIn(w.conv.a1)), Boolean, { what: 'a1 to all' });
    expect(supervisorHeard.some(messageIn(w.conv.b1))).toBe(true);
    expect(heard.some((e) => conversationOf(e) === w.conv.b1)).toBe(false);
    // events whose payload lacks the conversation (a customer's read receipt) find their rooms too
    const read = (token: string) =>
      app.api('POST', '/widget/v1/read', { token, body: { seq: 100 } });
    expect((await read(w.b1Visitor.token)).status).toBe(200);
    expect((await read(w.a1Visitor.token)).status).toBe(200);
    await until(
      () => heard.some((e) => e.type === 'conversation.read' && conversationOf(e) === w.conv.a1),
      Boolean,
      { what: "a1's read receipt" },
    );
    expect(heard.some((e) => conversationOf(e) === w.conv.b1)).toBe(false);
    // the team's conversation is heard through the team room
    const note = await app.api('POST', `/api/v1/conversations/${w.conv.b2}/messages`, {
      session: w.supervisor,
      body: { content: 'team note', private: true },
    });
    expect(note.status).toBe(201);
    await until(() => heard.some(messageIn(w.conv.b2)), Boolean, { what: 'b2 to the agent' });
    agent.disconnect();
    supervisor.disconnect();
  });

  it('an inbox membership change applies to the live socket', async () => {
    const socket = await app.agentSocket(w.agent);
    const gone = ended(socket);
    const put = await app.api('PUT', `/api/v1/inboxes/${w.inboxB.id}/members`, {
      session: w.owner,
      body: { memberIds: [w.acct.users.agent.id] },
    });
    expect(put.status).toBe(200);
    expect(await gone).toBe('io server disconnect');
    await reconnect(socket);
    expect(await ask(socket, 'conversation:join', { conversationId: w.conv.b1 })).toEqual({
      ok: true,
    });
    const live = waitFor(socket, 'event', messageIn(w.conv.b1));
    await customerSays(app, w.inboxB.token, 'bravo now visible', w.b1Visitor);
    await live;
    // and back: leaving the inbox ends the socket again, and B is silent after the reconnect
    const goneAgain = ended(socket);
    await app.api('PUT', `/api/v1/inboxes/${w.inboxB.id}/members`, {
      session: w.owner,
      body: { memberIds: [] },
    });
    await goneAgain;
    await reconnect(socket);
    const heard = record(socket);
    await customerSays(app, w.inboxB.token, 'bravo hidden again', w.b1Visitor);
    await customerSays(app, w.acct.inboxToken, 'alpha after', w.a1Visitor);
    await until(() => heard.some(messageIn(w.conv.a1)), Boolean, { what: 'a1 after the change' });
    expect(heard.some((e) => conversationOf(e) === w.conv.b1)).toBe(false);
    socket.disconnect();
  });

  it('a team membership change applies to the live socket', async () => {
    const socket = await app.agentSocket(w.agent);
    const gone = ended(socket);
    await app.api('PUT', `/api/v1/teams/${w.teamId}/members`, {
      session: w.owner,
      body: { memberIds: [] },
    });
    await gone;
    await reconnect(socket);
    const join = await ask(socket, 'conversation:join', { conversationId: w.conv.b2 });
    expect(join.error?.code).toBe('not_found');
    await app.api('PUT', `/api/v1/teams/${w.teamId}/members`, {
      session: w.owner,
      body: { memberIds: [w.acct.users.agent.id] },
    });
    socket.disconnect();
  });
});

describe('turning the restriction off', () => {
  it('ends the agents’ sockets; after the reconnect they hear every conversation again', async () => {
    const socket = await app.agentSocket(w.agent);
    const gone = ended(socket);
    expect((await setRestricted(app, w.owner, false)).status).toBe(200);
    await gone;
    await reconnect(socket);
    const live = waitFor(socket, 'event', messageIn(w.conv.b1));
    await customerSays(app, w.inboxB.token, 'bravo for all', w.b1Visitor);
    await live;
    expect(await ask(socket, 'conversation:join', { conversationId: w.conv.b1 })).toEqual({
      ok: true,
    });
    const r = await ask(socket, 'resume', { after: 0 });
    expect(r.events.some((e: Envelope) => conversationOf(e) === w.conv.b1)).toBe(true);
    socket.disconnect();
  });
});
