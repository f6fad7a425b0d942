/** Agents restricted to their inboxes and teams: the pure rule, and every REST read (visibility.ts). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../../test/test-app.ts';
import { buildWorld, customerSays, setRestricted, type World } from './visibility.fixture.ts';
import { maySee, restrictsAgents, SEES_ALL } from './visibility.ts';

describe('the rule', () => {
  const v = { restricted: true as const, userId: 'u', inboxIds: ['A'], teamIds: ['T'] };
  it('inbox member, team assignment or own assignment; nothing else', () => {
    expect(maySee(v, { inboxId: 'A', teamId: null, assigneeId: null })).toBe(true);
    expect(maySee(v, { inboxId: 'B', teamId: 'T', assigneeId: 'x' })).toBe(true);
    expect(maySee(v, { inboxId: 'B', teamId: null, assigneeId: 'u' })).toBe(true);
    expect(maySee(v, { inboxId: 'B', teamId: 'X', assigneeId: 'x' })).toBe(false);
    expect(maySee(SEES_ALL, { inboxId: 'B', teamId: null, assigneeId: null })).toBe(true);
  });
  it('the setting is off unless stored as true', () => {
    expect(restrictsAgents('{"restrictAgentsToMembership":true}')).toBe(true);
    expect(restrictsAgents('{"restrictAgentsToMembership":"yes"}')).toBe(false);
    expect(restrictsAgents('not json')).toBe(false);
    expect(restrictsAgents(null)).toBe(false);
  });
});

let app: TestApp;
let w: World;
beforeAll(async () => {
  app = await testApp();
  w = await buildWorld(app);
});
afterAll(async () => {
  await app.stop();
});

const ids = (body: { data: Array<{ id: string }> }) => body.data.map((c) => c.id).sort();

describe('REST with the restriction on', () => {
  beforeAll(async () => {
    expect((await setRestricted(app, w.owner, true)).status).toBe(200);
  });

  it('only owners and admins change the setting; everyone reads it', async () => {
    const agentTry = await setRestricted(app, w.agent, false);
    expect(agentTry.status).toBe(403);
    const supervisorTry = await setRestricted(app, w.supervisor, false);
    expect(supervisorTry.status).toBe(403);
    const read = await app.api('GET', '/api/v1/account/visibility', { session: w.agent });
    expect(read.body).toEqual({ restrictAgentsToMembership: true });
  });

  it('the list and counts hold their inbox, their team and their own conversations only', async () => {
    const list = await app.api('GET', '/api/v1/conversations', { session: w.agent });
    expect(ids(list.body)).toEqual([w.conv.a1, w.conv.b2, w.conv.b3].sort());
    const counts = await app.api('GET', '/api/v1/conversations/counts', { session: w.agent });
    expect(counts.body).toMatchObject({ all: 3, mine: 1, unassigned: 2 });
    expect(counts.body.byInbox).toEqual({ [w.acct.inboxId]: 1, [w.inboxB.id]: 2 });
    const filtered = await app.api('GET', `/api/v1/conversations?inbox=${w.inboxB.id}`, {
      session: w.agent,
    });
    expect(ids(filtered.body)).toEqual([w.conv.b2, w.conv.b3].sort());
  });

  it("another inbox's conversation is 404 everywhere under /conversations/:id", async () => {
    const id = w.conv.b1;
    const s = { session: w.agent };
    const calls: Array<[string, string, unknown?]> = [
      ['GET', `/api/v1/conversations/${id}`],
      ['GET', `/api/v1/conversations/${id}/messages`],
      ['PATCH', `/api/v1/conversations/${id}`, { priority: 'high' }],
      ['POST', `/api/v1/conversations/${id}/messages`, { content: 'hi', private: true }],
      ['POST', `/api/v1/conversations/${id}/assignment`, { assigneeId: w.acct.users.agent.id }],
      ['PUT', `/api/v1/conversations/${id}/labels`, { labels: ['x'] }],
      ['POST', `/api/v1/conversations/${id}/read`, {}],
      ['GET', `/api/v1/conversations/${id}/sla`],
      ['GET', `/api/v1/conversations/${id}/bot-turns`],
    ];
    for (const [method, path, body] of calls) {
      const r = await app.api(method, path, { ...s, ...(body ? { body } : {}) });
      expect([path, r.status, r.body?.error?.code]).toEqual([path, 404, 'not_found']);
    }
    // the same answer as an id of no conversation at all
    const unknown = await app.api(
      'GET',
      '/api/v1/conversations/0190b8a0-0000-7000-8000-000000000000',
      s,
    );
    expect(unknown.status).toBe(404);
    for (const visible of [w.conv.a1, w.conv.b2, w.conv.b3]) {
      const r = await app.api('GET', `/api/v1/conversations/${visible}/messages`, s);
      expect(r.status).toBe(200);
    }
  });

  it("search does not find another inbox's messages", async () => {
    const q = (text: string) =>
      app.api('GET', `/api/v1/conversations?q=${encodeURIComponent(text)}`, { session: w.agent });
    expect((await q('bravo secret')).body.data).toEqual([]);
    expect((await q('乙')).body.data).toEqual([]);
    expect(ids((await q('bravo')).body)).toEqual([w.conv.b2, w.conv.b3].sort());
    expect(ids((await q('alpha')).body)).toEqual([w.conv.a1]);
  });

  it("a contact's page lists only the conversations they may see", async () => {
    const contact = await app.api('GET', `/api/v1/contacts/${w.b1Visitor.contactId}`, {
      session: w.agent,
    });
    expect(contact.status).toBe(200);
    expect(contact.body.conversations).toEqual([]);
    const timeline = await app.api(
      'GET',
      `/api/v1/contacts/${w.b1Visitor.contactId}/conversations`,
      { session: w.agent },
    );
    expect(timeline.body.data).toEqual([]);
    const own = await app.api('GET', `/api/v1/contacts/${w.a1Visitor.contactId}`, {
      session: w.agent,
    });
    expect(ids({ data: own.body.conversations })).toEqual([w.conv.a1]);
  });

  it('resume over REST leaves out the events of conversations they may not see', async () => {
    const r = await app.api('GET', '/api/v1/events?after=0', { session: w.agent });
    const convs = new Set(r.body.events.map((e: { conversationId: string }) => e.conversationId));
    expect(convs.has(w.conv.b1)).toBe(false);
    expect(convs.has(w.conv.a1)).toBe(true);
    expect(convs.has(w.conv.b3)).toBe(true);
  });

  it("attachments of another inbox's conversation are 404", async () => {
    const form = new FormData();
    form.append('file', new Blob([Buffer.from('hello')], { type: 'text/plain' }), 'note.txt');
    const up = await app.api('POST', '/api/v1/attachments', {
      session: w.supervisor,
      raw: form,
    });
    expect(up.status).toBe(201);
    const sent = await app.api('POST', `/api/v1/conversations/${w.conv.b1}/messages`, {
      session: w.supervisor,
      body: { content: 'file', private: true, attachmentIds: [up.body.id] },
    });
    expect(sent.status).toBe(201);
    const path = `/api/v1/attachments/${up.body.id}`;
    expect((await app.api('GET', path, { session: w.agent })).status).toBe(404);
    expect((await app.api('GET', path, { session: w.supervisor })).status).toBe(200);
  });

  it('a supervisor still sees everything', async () => {
    const list = await app.api('GET', '/api/v1/conversations', { session: w.supervisor });
    expect(ids(list.body)).toEqual(Object.values(w.conv).sort());
    const one = await app.api('GET', `/api/v1/conversations/${w.conv.b1}`, {
      session: w.supervisor,
    });
    expect(one.status).toBe(200);
  });

  it('an inbox membership change applies at once', async () => {
    const put = await app.api('PUT', `/api/v1/inboxes/${w.inboxB.id}/members`, {
      session: w.owner,
      body: { memberIds: [w.acct.users.agent.id] },
    });
    expect(put.body).toEqual({ memberIds: [w.acct.users.agent.id] });
    const read = await app.api('GET', `/api/v1/inboxes/${w.inboxB.id}/members`, {
      session: w.agent,
    });
    expect(read.body).toEqual({ memberIds: [w.acct.users.agent.id] });
    expect(
      (await app.api('GET', `/api/v1/conversations/${w.conv.b1}`, { session: w.agent })).status,
    ).toBe(200);
    await app.api('PUT', `/api/v1/inboxes/${w.inboxB.id}/members`, {
      session: w.owner,
      body: { memberIds: [] },
    });
    expect(
      (await app.api('GET', `/api/v1/conversations/${w.conv.b1}`, { session: w.agent })).status,
    ).toBe(404);
    const agentTry = await app.api('PUT', `/api/v1/inboxes/${w.inboxB.id}/members`, {
      session: w.agent,
      body: { memberIds: [w.acct.users.agent.id] },
    });
    expect(agentTry.status).toBe(403);
  });
});

describe('REST with the restriction off again', () => {
  it('the agent sees every conversation of the account', async () => {
    expect((await setRestricted(app, w.owner, false)).body).toEqual({
      restrictAgentsToMembership: false,
    });
    const list = await app.api('GET', '/api/v1/conversations', { session: w.agent });
    expect(ids(list.body)).toEqual(Object.values(w.conv).sort());
    const b1 = await app.api('GET', `/api/v1/conversations/${w.conv.b1}`, { session: w.agent });
    expect(b1.status).toBe(200);
    const more = await customerSays(app, w.inboxB.token, 'bravo again', w.b1Visitor);
    expect(more.conversationId).toBe(w.conv.b1);
    const search = await app.api('GET', '/api/v1/conversations?q=bravo%20secret', {
      session: w.agent,
    });
    expect(ids(search.body)).toEqual([w.conv.b1]);
  });
});
