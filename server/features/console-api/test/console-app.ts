/**
 * Shared setup for the console-api suites (routes/*.test.ts): a test app with two seeded accounts;
 * the first one's owner, agent and supervisor are signed in, and so is the second one's owner (the
 * stranger); and a visitor who writes through the widget API.
 */
import { testApp, type SeededAccount, type Session, type TestApp } from '../../../test/test-app.ts';

export interface ConsoleApp {
  app: TestApp;
  acct: SeededAccount;
  other: SeededAccount;
  owner: Session;
  agent: Session;
  supervisor: Session;
  stranger: Session;
}

export async function consoleApp(env: Record<string, string> = {}): Promise<ConsoleApp> {
  const app = await testApp({ RATE_LIMIT_LOGIN_PER_MIN: '1000', ...env });
  const acct = await app.seedAccount();
  const other = await app.seedAccount();
  const owner = await app.login(acct.users.owner.email, acct.users.owner.password);
  const agent = await app.login(acct.users.agent.email, acct.users.agent.password);
  const supervisor = await app.login(acct.users.supervisor.email, acct.users.supervisor.password);
  const stranger = await app.login(other.users.owner.email, other.users.owner.password);
  return { app, acct, other, owner, agent, supervisor, stranger };
}

/** A new visitor of the inbox with `inboxToken` writes `content` (a new conversation). */
export async function visitorSays(app: TestApp, inboxToken: string, content: string) {
  const v = await app.visitor(inboxToken);
  const sent = await app.api('POST', '/widget/v1/messages', {
    token: v.token,
    body: { content, clientMessageId: `m-${Math.random()}` },
  });
  return {
    contactId: v.contactId,
    conversationId: sent.body.conversation.id as string,
    token: v.token,
  };
}
