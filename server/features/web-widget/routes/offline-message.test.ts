/** POST /widget/v1/offline-message: a message left when nobody is online. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SeededAccount, Session, TestApp } from '../../../test/test-app.ts';
import { widgetApp, type WidgetApp } from '../test/widget.ts';

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

describe('offline message', () => {
  it("an offline message creates the conversation with the message and the contact's email", async () => {
    const v = await app.visitor(acct.inboxToken);
    const r = await app.api('POST', '/widget/v1/offline-message', {
      token: v.token,
      body: {
        name: 'Alice',
        email: 'alice@example.com',
        content: 'Please call me back',
        clientMessageId: 'off-1',
      },
    });
    expect(r.status).toBe(201);
    expect(r.body.message).toMatchObject({
      content: 'Please call me back',
      attributes: { source: 'offline_form', replyTo: 'alice@example.com' },
    });
    const conv = await app.api('GET', `/api/v1/conversations/${r.body.conversation.id}`, {
      session: agent,
    });
    expect(conv.status).toBe(200);
    expect(JSON.stringify(conv.body)).toContain('alice@example.com');
    const dup = await app.api('POST', '/widget/v1/offline-message', {
      token: v.token,
      body: {
        name: 'Alice',
        email: 'alice@example.com',
        content: 'Please call me back',
        clientMessageId: 'off-1',
      },
    });
    expect(dup.body.message.id).toBe(r.body.message.id);
    const bad = await app.api('POST', '/widget/v1/offline-message', {
      token: v.token,
      body: { name: 'A', email: 'alice@example.com', content: '   ', clientMessageId: 'off-2' },
    });
    expect(bad.status).toBe(400);
    const noEmail = await app.api('POST', '/widget/v1/offline-message', {
      token: v.token,
      body: { name: 'A', content: 'hi', clientMessageId: 'off-3' },
    });
    expect(noEmail.status).toBe(400);
  });
});
