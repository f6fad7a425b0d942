/**
 * Shared setup for the bot end-to-end suites (bot-answers, bot-handover,
 * bot-failures): a test app with one seeded account whose inbox bot is on (demo knowledge) and
 * whose agent is signed in, plus the waits and reads those suites share.
 */
import { expect } from 'vitest';
import { updateInbox } from '../../../core/commands/accounts.ts';
import { execute } from '../../../core/commands/context.ts';
import { registry } from '../../../core/infra/metrics.ts';
import { systemActor } from '../../../core/policies/actor.ts';
import { testApp, type SeededAccount, type Session, type TestApp } from '../../../test/test-app.ts';
import { until } from '../../../test/wait.ts';

/** Turns the bot on (demo knowledge) in the account's inbox. */
export async function enableBot(app: TestApp, a: SeededAccount) {
  await execute(app.services, systemActor(a.accountId), updateInbox, {
    inboxId: a.inboxId,
    settings: { bot: { mode: 'on', demoKnowledge: true } },
  });
}

export async function botApp(): Promise<{
  app: TestApp;
  acct: SeededAccount;
  agent: Session;
}> {
  const app = await testApp({ RATE_LIMIT_WIDGET_SESSIONS_PER_MIN: '200' });
  const acct = await app.seedAccount();
  await enableBot(app, acct);
  const agent = await app.login(acct.users.agent.email, acct.users.agent.password);
  return { app, acct, agent };
}

/** Waits until `check` returns a value (polling the API / database; server/test/wait.ts `until`). */
export function eventually<T>(
  check: () => Promise<T | undefined | null | false>,
  timeoutMs = 45_000,
): Promise<T> {
  return until(check, Boolean, { timeoutMs, pollMs: 50 }) as Promise<T>;
}

/** The visitor with `token` sends `content` through the widget API (expects 201). */
export async function widgetSay(app: TestApp, token: string, content: string, id: string) {
  const r = await app.api('POST', '/widget/v1/messages', {
    token,
    body: { content, clientMessageId: id },
  });
  expect(r.status).toBe(201);
  return r.body as { message: { id: string }; conversation: { id: string; mode: string } };
}

/** The sum of a metric's values whose labels include `labels`. */
export const metricValue = async (name: string, labels: Record<string, string> = {}) => {
  const m = (await registry.getMetricsAsJSON()).find((x) => x.name === name);
  return (m?.values ?? [])
    .filter((v) => Object.entries(labels).every(([k, val]) => v.labels[k] === val))
    .reduce((s, v) => s + Number(v.value), 0);
};
