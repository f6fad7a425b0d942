/** A contact's conversations across inboxes (merged contacts included), through the real server. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SeededAccount, Session, TestApp } from '../../../test/test-app.ts';
import { consoleApp, visitorSays } from '../test/console-app.ts';

let app: TestApp;
let acct: SeededAccount;
let owner: Session;
let agent: Session;
let supervisor: Session;
let stranger: Session;

const say = (inboxToken: string, content: string) => visitorSays(app, inboxToken, content);

beforeAll(async () => {
  ({ app, acct, owner, agent, supervisor, stranger } = await consoleApp({
    RATE_LIMIT_WIDGET_SESSIONS_PER_MIN: '1000',
  }));
});
afterAll(async () => {
  await app.stop();
});

describe('contact timeline', () => {
  it('shows conversations from two inboxes, including a merged contact, newest first, with previews', async () => {
    const inbox2 = await app.api('POST', '/api/v1/inboxes', {
      session: owner,
      body: { name: 'Shop', channelType: 'web_widget' },
    });
    const first = await say(acct.inboxToken, 'first question from the website');
    const second = await say(inbox2.body.publicToken, 'second question from the shop');
    const merged = await app.api('POST', `/api/v1/contacts/${first.contactId}/merge`, {
      session: supervisor,
      body: { sourceId: second.contactId },
    });
    expect(merged.status).toBe(200);
    const res = await app.api('GET', `/api/v1/contacts/${first.contactId}/conversations`, {
      session: agent,
    });
    expect(res.status).toBe(200);
    expect(res.body.data.map((c: { id: string }) => c.id)).toEqual([
      second.conversationId,
      first.conversationId,
    ]);
    expect(res.body.data[0]).toMatchObject({
      inbox: { id: inbox2.body.id, name: 'Shop', channelType: 'web_widget' },
      lastMessage: { content: 'second question from the shop', type: 'incoming' },
    });
    expect(res.body.data[1].inbox.name).toBe('Web');
    // The retired contact's id resolves to the survivor's timeline.
    const viaOld = await app.api('GET', `/api/v1/contacts/${second.contactId}/conversations`, {
      session: agent,
    });
    expect(viaOld.body.contactId).toBe(first.contactId);
    expect(viaOld.body.data).toHaveLength(2);
    const page = await app.api('GET', `/api/v1/contacts/${first.contactId}/conversations?limit=1`, {
      session: agent,
    });
    expect(page.body.data).toHaveLength(1);
    const next = await app.api(
      'GET',
      `/api/v1/contacts/${first.contactId}/conversations?limit=1&cursor=${page.body.nextCursor}`,
      { session: agent },
    );
    expect(next.body.data[0].id).toBe(first.conversationId);
    expect(next.body.nextCursor).toBeNull();
  });

  it('404 for other accounts and non-ids; 400 for a bad cursor or limit', async () => {
    const c = await say(acct.inboxToken, 'mine');
    expect(
      (await app.api('GET', `/api/v1/contacts/${c.contactId}/conversations`, { session: stranger }))
        .status,
    ).toBe(404);
    expect(
      (await app.api('GET', '/api/v1/contacts/1/conversations', { session: agent })).status,
    ).toBe(404);
    expect(
      (
        await app.api('GET', `/api/v1/contacts/${c.contactId}/conversations?cursor=nope`, {
          session: agent,
        })
      ).body.error.code,
    ).toBe('invalid_cursor');
    expect(
      (
        await app.api('GET', `/api/v1/contacts/${c.contactId}/conversations?limit=-1`, {
          session: agent,
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await app.api('GET', `/api/v1/contacts/${c.contactId}/conversations?limit=1e9`, {
          session: agent,
        })
      ).status,
    ).toBe(400);
  });
});
