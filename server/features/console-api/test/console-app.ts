/**
 * Shared setup for the console-api suites (saved-filters, invitations, profile): a test app with two
 * seeded accounts; the first one's owner, agent and supervisor are signed in, and so is the second
 * one's owner (the stranger).
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

export async function consoleApp(): Promise<ConsoleApp> {
  const app = await testApp({ RATE_LIMIT_LOGIN_PER_MIN: '1000' });
  const acct = await app.seedAccount();
  const other = await app.seedAccount();
  const owner = await app.login(acct.users.owner.email, acct.users.owner.password);
  const agent = await app.login(acct.users.agent.email, acct.users.agent.password);
  const supervisor = await app.login(acct.users.supervisor.email, acct.users.supervisor.password);
  const stranger = await app.login(other.users.owner.email, other.users.owner.password);
  return { app, acct, other, owner, agent, supervisor, stranger };
}
