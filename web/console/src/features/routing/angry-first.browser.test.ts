/**
 * Issue 14 item 5 in the supervisor's queue: an angry English customer who talked to the bot first
 * and then asked for a person is shown first, flagged angry, ahead of a calmer customer who waited
 * longer (before the fix the row had anger 0 and sat behind). zh and en.
 */
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateInbox } from '../../../../../server/core/commands/accounts.ts';
import { execute } from '../../../../../server/core/commands/context.ts';
import { systemActor } from '../../../../../server/core/policies/actor.ts';
import { setAnalyzerForTests } from '../../../../../server/features/ai/workers/analyzer.ts';
import type { MessageAnalysis } from '../../../../../server/nlp/index.ts';
import { launchBrowser, loggedInPage, screenshot } from '../../../../../server/test/browser.ts';
import { testApp, type SeededAccount, type TestApp } from '../../../../../server/test/test-app.ts';
import { backgroundSettled } from '../../../../../server/test/wait.ts';

let app: TestApp;
let acct: SeededAccount;
let browser: Browser;
const contexts: BrowserContext[] = [];
const ANGRY = 'Where is my order? This is ridiculous, two weeks already!';
const CALM = 'hello, a question about my invoice';

const scores = { neutral: 0, angry: 0, happy: 0, sad: 0, fear: 0, surprise: 0 };
const analysis = (text: string): MessageAnalysis =>
  ({
    language: 'en',
    sentiment: { label: text === ANGRY ? 'negative' : 'neutral', score: text === ANGRY ? -0.6 : 0 },
    emotion:
      text === ANGRY
        ? { label: 'angry', intensity: 0.7, scores: { ...scores, angry: 0.7, neutral: 0.3 } }
        : { label: 'neutral', intensity: 0, scores: { ...scores, neutral: 1 } },
    intent: null,
    humanRequest: { detected: false },
    pii: [],
  }) as MessageAnalysis;

async function visitor(text: string) {
  const v = await app.visitor(acct.inboxToken);
  const r = await app.api('POST', '/widget/v1/messages', {
    token: v.token,
    body: { content: text, clientMessageId: `a-${Math.random().toString(36).slice(2)}` },
  });
  expect(r.status).toBe(201);
  return v.token;
}

beforeAll(async () => {
  setAnalyzerForTests(async (text) => analysis(text));
  app = await testApp({ RATE_LIMIT_LOGIN_PER_MIN: '1000' });
  acct = await app.seedAccount();
  // A bot that answers from the demo knowledge and keeps the conversation until asked for a person.
  await execute(app.services, systemActor(acct.accountId, 'seed'), updateInbox, {
    inboxId: acct.inboxId,
    settings: {
      bot: { mode: 'on', demoKnowledge: true, policy: { answerThreshold: 0, minMargin: 0 } },
    },
  });
  const calm = await visitor(CALM);
  await backgroundSettled(app.services.database.db, acct.accountId);
  await app.api('POST', '/widget/v1/handover', { token: calm, body: {} });
  const angry = await visitor(ANGRY);
  await backgroundSettled(app.services.database.db, acct.accountId);
  await app.api('POST', '/widget/v1/handover', { token: angry, body: {} });
  await backgroundSettled(app.services.database.db, acct.accountId);
  browser = await launchBrowser();
});
afterAll(async () => {
  setAnalyzerForTests(null);
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await app?.stop();
});

describe('the supervisor queue ranks by what the bot heard', () => {
  for (const [locale, angryWord, heading] of [
    ['en-US', 'Angry', 'Queue & alerts'],
    ['zh-CN', '愤怒', '排队与预警'],
  ] as const)
    it(`shows the angry customer first, flagged (${locale})`, async () => {
      const page = await loggedInPage(browser, app.url, acct.users.supervisor, locale, contexts);
      await page.goto(`${app.url}/app/queue`);
      await page.getByRole('heading', { name: heading }).waitFor();
      const rows = page.locator('section[aria-labelledby="rt-queue"] tbody tr');
      await rows.nth(1).waitFor();
      expect(await rows.count()).toBe(2);
      const first = await rows.first().innerText();
      expect(first).toContain(ANGRY);
      expect(first).toContain(angryWord);
      expect(await rows.nth(1).innerText()).toContain(CALM);
      await screenshot(page, `routing-angry-first-${locale === 'en-US' ? 'en' : 'zh'}`);
    });
});
