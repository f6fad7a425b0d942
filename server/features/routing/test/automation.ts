/**
 * Shared setup for the automation suites (automation-rules, automation-webhooks, automation-macros):
 * a test app with one seeded account whose owner, supervisor and agent are signed in, and the reads
 * and payloads those suites share.
 */
import type { EventPayloads } from '../../../core/events/catalog.ts';
import { testApp, type Session, type SeededAccount, type TestApp } from '../../../test/test-app.ts';

export interface AutomationApp {
  t: TestApp;
  acct: SeededAccount;
  owner: Session;
  sup: Session;
  a1: Session;
}

export async function automationApp(): Promise<AutomationApp> {
  const t = await testApp();
  const acct = await t.seedAccount();
  const [owner, sup, a1] = await Promise.all([
    t.login(acct.users.owner.email, 'password-123'),
    t.login(acct.users.supervisor.email, 'password-123'),
    t.login(acct.users.agent.email, 'password-123'),
  ]);
  return { t, acct, owner, sup, a1 };
}

/** A `message.analyzed` payload for `conversationId` with the given intent. */
export const analyzed = (
  inboxId: string,
  conversationId: string,
  intent: string,
): EventPayloads['message.analyzed'] => ({
  messageId: 'm',
  conversationId,
  contactId: 'k',
  inboxId,
  language: 'zh',
  sentiment: { label: 'neutral', score: 0 },
  emotion: { label: 'neutral', intensity: 0.1 },
  trend: 'stable',
  intent: { label: intent, confidence: 0.9 },
  humanRequest: false,
  piiTypes: [],
});

/** One conversation as `s` sees it through the API. */
export const conversationOf = async (t: TestApp, s: Session, id: string) =>
  (await t.api('GET', `/api/v1/conversations/${id}`, { session: s })).body;

/** The automation audit entries of one rule (up to 200). */
export const auditOfRule = async (t: TestApp, s: Session, ruleId: string) =>
  (await t.api('GET', `/api/v1/automation/audit?ruleId=${ruleId}&limit=200`, { session: s })).body
    .data as Array<{ outcome: string; detail: any }>;
