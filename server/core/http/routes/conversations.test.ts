import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type SeededAccount, type Session, type TestApp } from '../../../test/test-app.ts';

let app: TestApp;
let acct: SeededAccount;
let agent: Session;
let visitorToken: string;
let conversationId: string;

beforeAll(async () => {
  app = await testApp();
  acct = await app.seedAccount();
  agent = await app.login(acct.users.agent.email, acct.users.agent.password);
  const v = await app.visitor(acct.inboxToken);
  visitorToken = v.token;
  const sent = await app.api('POST', '/widget/v1/messages', {
    token: visitorToken,
    body: { content: 'Where is my order?', clientMessageId: 'w-1' },
  });
  conversationId = sent.body.conversation.id;
  for (let i = 0; i < 4; i++) {
    const other = await app.visitor(acct.inboxToken);
    await app.api('POST', '/widget/v1/messages', {
      token: other.token,
      body: { content: `question ${i} 退款`, clientMessageId: `o-${i}` },
    });
  }
});
afterAll(async () => {
  await app.stop();
});

describe('conversation list', () => {
  it('pages with a cursor, newest activity first, with last message, contact and unread count', async () => {
    const first = await app.api('GET', '/api/v1/conversations?limit=2', { session: agent });
    expect(first.status).toBe(200);
    expect(first.body.data).toHaveLength(2);
    expect(first.body.data[0]).toMatchObject({
      status: 'open',
      unreadCount: 1,
      lastMessage: { type: 'incoming' },
    });
    expect(first.body.data[0].contact).toMatchObject({ id: expect.any(String) });
    const seen = new Set(first.body.data.map((c: { id: string }) => c.id));
    let cursor = first.body.nextCursor;
    while (cursor) {
      const next = await app.api('GET', `/api/v1/conversations?limit=2&cursor=${cursor}`, {
        session: agent,
      });
      for (const c of next.body.data) {
        expect(seen.has(c.id)).toBe(false);
        seen.add(c.id);
      }
      cursor = next.body.nextCursor;
    }
    expect(seen.size).toBe(5);
  });

  it('filters by status, assignee, text and label', async () => {
    await app.api('POST', `/api/v1/conversations/${conversationId}/messages`, {
      session: agent,
      body: { content: 'Let me check.' },
    });
    await app.api('PUT', `/api/v1/conversations/${conversationId}/labels`, {
      session: agent,
      body: { labels: ['shipping', 'vip'] },
    });
    const mine = await app.api('GET', '/api/v1/conversations?assignee=me', { session: agent });
    expect(mine.body.data.map((c: { id: string }) => c.id)).toEqual([conversationId]);
    const unassigned = await app.api('GET', '/api/v1/conversations?assignee=none', {
      session: agent,
    });
    expect(unassigned.body.data).toHaveLength(4);
    const search = await app.api('GET', `/api/v1/conversations?q=${encodeURIComponent('退款')}`, {
      session: agent,
    });
    expect(search.body.data).toHaveLength(4);
    const byLabel = await app.api('GET', '/api/v1/conversations?label=vip', { session: agent });
    expect(byLabel.body.data[0]).toMatchObject({ id: conversationId, labels: ['shipping', 'vip'] });
    const resolved = await app.api('GET', '/api/v1/conversations?status=resolved', {
      session: agent,
    });
    expect(resolved.body.data).toHaveLength(0);
    const counts = await app.api('GET', '/api/v1/conversations/counts', { session: agent });
    expect(counts.body).toMatchObject({ mine: 1, unassigned: 4, all: 5 });
  });

  it('rejects bad page sizes and unknown filters with 400 and field details', async () => {
    for (const q of [
      'limit=-1',
      'limit=1e9',
      'limit=abc',
      'status=deleted',
      'sort=id;drop',
      'cursor=xyz',
      'bogus=1',
    ]) {
      const res = await app.api('GET', `/api/v1/conversations?${q}`, { session: agent });
      expect(res.status, q).toBe(400);
      expect(res.body.error.code).toMatch(/invalid_request|invalid_cursor/);
    }
  });
});

describe('conversation actions', () => {
  it('replies, adds private notes, assigns, changes status and snoozes; history is ordered by seq', async () => {
    const note = await app.api('POST', `/api/v1/conversations/${conversationId}/messages`, {
      session: agent,
      body: { content: 'internal only', private: true },
    });
    expect(note.status).toBe(201);
    expect(note.body.type).toBe('note');
    const assign = await app.api('POST', `/api/v1/conversations/${conversationId}/assignment`, {
      session: agent,
      body: { assigneeId: acct.users.agent2.id, note: 'Billing question' },
    });
    expect(assign.body.assigneeId).toBe(acct.users.agent2.id);
    const resolved = await app.api('PATCH', `/api/v1/conversations/${conversationId}`, {
      session: agent,
      body: { status: 'resolve' },
    });
    expect(resolved.body).toMatchObject({ status: 'resolved', resolvedAt: expect.any(String) });
    const bad = await app.api('PATCH', `/api/v1/conversations/${conversationId}`, {
      session: agent,
      body: { status: 'snooze', snoozedUntil: new Date(Date.now() + 3600e3).toISOString() },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_transition');
    await app.api('PATCH', `/api/v1/conversations/${conversationId}`, {
      session: agent,
      body: { status: 'reopen' },
    });
    const snoozed = await app.api('PATCH', `/api/v1/conversations/${conversationId}`, {
      session: agent,
      body: {
        status: 'snooze',
        snoozedUntil: new Date(Date.now() + 3600e3).toISOString(),
        priority: 'high',
      },
    });
    expect(snoozed.body).toMatchObject({ status: 'snoozed', priority: 'high' });
    const history = await app.api('GET', `/api/v1/conversations/${conversationId}/messages`, {
      session: agent,
    });
    const seqs = history.body.data.map((m: { seq: number }) => m.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(history.body.data.map((m: { type: string }) => m.type)).toEqual(
      expect.arrayContaining(['incoming', 'outgoing', 'note', 'activity']),
    );
    const after = await app.api(
      'GET',
      `/api/v1/conversations/${conversationId}/messages?after=${seqs[seqs.length - 2]}`,
      { session: agent },
    );
    expect(after.body.data.map((m: { seq: number }) => m.seq)).toEqual([seqs[seqs.length - 1]]);
  });

  it('the visitor never sees private notes or activity', async () => {
    const res = await app.api('GET', '/widget/v1/messages', { token: visitorToken });
    expect(
      res.body.data
        .map((m: { type: string }) => m.type)
        .every((t: string) => t === 'incoming' || t === 'outgoing'),
    ).toBe(true);
    expect(JSON.stringify(res.body)).not.toContain('internal only');
  });

  it('replying with the same client message id twice yields one message', async () => {
    const body = { content: 'exactly once', clientMessageId: 'agent-dup-1' };
    const a = await app.api('POST', `/api/v1/conversations/${conversationId}/messages`, {
      session: agent,
      body,
    });
    const b = await app.api('POST', `/api/v1/conversations/${conversationId}/messages`, {
      session: agent,
      body,
    });
    expect(a.status).toBe(201);
    expect(b.status).toBe(200);
    expect(b.body.id).toBe(a.body.id);
  });

  it('unread counts are per agent; mark read and mark unread', async () => {
    const other = await app.visitor(acct.inboxToken);
    const sent = await app.api('POST', '/widget/v1/messages', {
      token: other.token,
      body: { content: 'hello?', clientMessageId: 'u-1' },
    });
    const cid = sent.body.conversation.id;
    const unread = async (s: Session) =>
      (await app.api('GET', `/api/v1/conversations?contact=${other.contactId}`, { session: s }))
        .body.data[0].unreadCount;
    expect(await unread(agent)).toBe(1);
    await app.api('POST', `/api/v1/conversations/${cid}/read`, { session: agent });
    expect(await unread(agent)).toBe(0);
    const agent2 = await app.login(acct.users.agent2.email, acct.users.agent2.password);
    expect(await unread(agent2)).toBe(1);
    await app.api('POST', `/api/v1/conversations/${cid}/unread`, { session: agent });
    expect(await unread(agent)).toBe(1);
  });
});

describe('contacts', () => {
  it('edits attributes, lists identities and cross-channel conversations, and merges two contacts', async () => {
    const sup = await app.login(acct.users.supervisor.email, acct.users.supervisor.password);
    const a = await app.visitor(acct.inboxToken);
    const b = await app.visitor(acct.inboxToken);
    await app.api('POST', '/widget/v1/messages', {
      token: a.token,
      body: { content: 'from a', clientMessageId: 'ma' },
    });
    await app.api('POST', '/widget/v1/messages', {
      token: b.token,
      body: { content: 'from b', clientMessageId: 'mb' },
    });
    const patched = await app.api('PATCH', `/api/v1/contacts/${a.contactId}`, {
      session: agent,
      body: { name: '王芳', email: 'wang@example.com', attributes: { tier: 'vip', orders: 3 } },
    });
    expect(patched.body).toMatchObject({ name: '王芳', attributes: { tier: 'vip', orders: 3 } });
    const denied = await app.api('POST', `/api/v1/contacts/${a.contactId}/merge`, {
      session: agent,
      body: { sourceId: b.contactId },
    });
    expect(denied.status).toBe(403);
    const merged = await app.api('POST', `/api/v1/contacts/${a.contactId}/merge`, {
      session: sup,
      body: { sourceId: b.contactId },
    });
    expect(merged.status).toBe(200);
    const profile = await app.api('GET', `/api/v1/contacts/${a.contactId}`, { session: agent });
    expect(profile.body.conversations).toHaveLength(2);
    expect(profile.body.identities.map((i: { kind: string }) => i.kind).sort()).toEqual([
      'email',
      'visitor',
      'visitor',
    ]);
    const oldVisitorStillWorks = await app.api('POST', '/widget/v1/messages', {
      token: b.token,
      body: { content: 'still me', clientMessageId: 'mb2' },
    });
    expect(oldVisitorStillWorks.status).toBe(201);
    const search = await app.api('GET', `/api/v1/contacts?q=${encodeURIComponent('王')}`, {
      session: agent,
    });
    expect(search.body.data.map((c: { id: string }) => c.id)).toEqual([a.contactId]);
  });
});
