/**
 * Shared setup for the widget's API suites: a test app with one seeded account whose owner (admin)
 * and agent are signed in, the inbox settings call and a visitor who has written once.
 */
import { expect } from 'vitest';
import { testApp, type SeededAccount, type Session, type TestApp } from '../../../test/test-app.ts';

export interface WidgetApp {
  app: TestApp;
  acct: SeededAccount;
  admin: Session;
  agent: Session;
}

/** `agentOnline`: the agent is online (a human can answer), as after the config suite's first test. */
export async function widgetApp(opts: { agentOnline?: boolean } = {}): Promise<WidgetApp> {
  const app = await testApp({ RATE_LIMIT_WIDGET_SESSIONS_PER_MIN: '500' });
  const acct = await app.seedAccount();
  const admin = await app.login(acct.users.owner.email, acct.users.owner.password);
  const agent = await app.login(acct.users.agent.email, acct.users.agent.password);
  if (opts.agentOnline) {
    const r = await app.api('PATCH', '/api/v1/me', {
      session: agent,
      body: { availability: 'online' },
    });
    if (r.status !== 200) throw new Error(`availability failed ${r.status}`);
  }
  return { app, acct, admin, agent };
}

/** PATCHes the inbox's settings as the admin. */
export const inboxSettings = (w: WidgetApp, s: Record<string, unknown>) =>
  w.app.api('PATCH', `/api/v1/inboxes/${w.acct.inboxId}`, {
    session: w.admin,
    body: { settings: s },
  });

/** A new visitor who has sent one message: their session and conversation id. */
export async function visitorWithConversation(w: WidgetApp, text = 'hello') {
  const v = await w.app.visitor(w.acct.inboxToken);
  const sent = await w.app.api('POST', '/widget/v1/messages', {
    token: v.token,
    body: { content: text, clientMessageId: `c-${Math.random().toString(36).slice(2)}` },
  });
  expect(sent.status).toBe(201);
  return { ...v, conversationId: sent.body.conversation.id as string };
}
