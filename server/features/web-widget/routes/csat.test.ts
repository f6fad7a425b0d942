/** Satisfaction rating: offered after resolve, once per resolution, shown to agents. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SeededAccount, type Session, type TestApp, waitFor } from '../../../test/test-app.ts';
import { visitorWithConversation, widgetApp, type WidgetApp } from '../test/widget.ts';

let w: WidgetApp;
let app: TestApp;
let acct: SeededAccount;
let agent: Session;

beforeAll(async () => {
  w = await widgetApp({ agentOnline: true });
  ({ app, acct, agent } = w);
});
afterAll(async () => {
  await w?.app.stop();
});

describe('satisfaction rating', () => {
  it('offered after resolve, stored once per resolution, shown to agents as an activity + csat.received', async () => {
    const v = await visitorWithConversation(w, 'help me');
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
    const v = await visitorWithConversation(w, 'x');
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
