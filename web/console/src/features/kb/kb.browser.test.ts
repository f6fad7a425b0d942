/**
 * Knowledge base console pages in real Chromium: search with highlights, edit + version diff, and
 * "questions the bot couldn't answer" → published article through the gaps page; axe; zh + en.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execute } from '../../../../../server/core/commands/context.ts';
import { findOrCreateContact } from '../../../../../server/core/commands/contacts.ts';
import { receiveMessage } from '../../../../../server/core/commands/receive-message.ts';
import { sendMessage } from '../../../../../server/core/commands/send-message.ts';
import { seedDemoKb } from '../../../../../server/features/kb/demo.ts';
import { systemActor, type Actor } from '../../../../../server/core/policies/actor.ts';
import {
  launchBrowser,
  screenshot,
  seriousA11yViolations,
  loggedInPage,
} from '../../../../../server/test/browser.ts';
import { testApp, type SeededAccount, type TestApp } from '../../../../../server/test/test-app.ts';

let app: TestApp;
let acct: SeededAccount;
let browser: Browser;
const contexts: BrowserContext[] = [];

async function unanswered(question: string, reply?: string) {
  const email = `c${Math.random().toString(36).slice(2)}@example.com`;
  const { contact } = await execute(
    app.services,
    systemActor(acct.accountId),
    findOrCreateContact,
    { identity: { kind: 'email', value: email }, name: 'C', email },
  );
  const visitor: Actor = {
    kind: 'contact',
    contactId: contact.id,
    accountId: acct.accountId,
    inboxId: acct.inboxId,
  };
  const { conversation, message } = await execute(app.services, visitor, receiveMessage, {
    inboxId: acct.inboxId,
    contactId: contact.id,
    content: question,
  });
  await execute(
    app.services,
    systemActor(acct.accountId, 'bot'),
    async (ctx) => {
      await ctx.events.record(
        'bot.replied',
        {
          conversationId: conversation.id,
          questionMessageId: message.id,
          question,
          replyMessageId: null,
          outcome: 'no_answer',
          articleIds: [],
          confidence: 0.1,
        },
        conversation.id,
      );
    },
    null,
  );
  await new Promise((r) => setTimeout(r, 30));
  if (reply)
    await execute(app.services, acct.users.agent.actor, sendMessage, {
      conversationId: conversation.id,
      content: reply,
    });
}

beforeAll(async () => {
  app = await testApp({ RATE_LIMIT_LOGIN_PER_MIN: '1000' });
  acct = await app.seedAccount();
  await seedDemoKb(app.services, {
    accountId: acct.accountId,
    inboxId: acct.inboxId,
    inboxToken: acct.inboxToken,
    userIds: [acct.users.owner.id],
    teamIds: { billing: '', support: '' },
  });
  await unanswered(
    'Is there a student discount?',
    'Yes: students get 10% off with a verified university email (code STUDENT10).',
  );
  await unanswered('do students get a discount');
  await unanswered('student discount code please');
  browser = await launchBrowser();
});
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await app?.stop();
});

const as = (user: { email: string; password: string }, locale: 'zh-CN' | 'en-US'): Promise<Page> =>
  loggedInPage(browser, app.url, user, locale, contexts);

describe('knowledge base console', () => {
  it('lists and searches articles, edits one and shows the version diff (en)', async () => {
    const page = await as(acct.users.owner, 'en-US');
    await page.goto(`${app.url}/app/kb`);
    await page.getByRole('link', { name: 'When will I get my refund?' }).waitFor();
    await page.getByRole('searchbox').fill('where is my refund');
    await page.getByRole('searchbox').press('Enter');
    await page.locator('.kb-hits mark').first().waitFor();
    await screenshot(page, 'kb-console-list-en');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.locator('.kb-hits a', { hasText: 'refund' }).first().click();
    const answer = page.getByLabel('Short answer (what the bot sends)');
    await answer.fill('Refunds arrive in 1–3 days for WeChat Pay and Alipay.');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved', { exact: true }).waitFor();
    await page.getByRole('button', { name: /^v2 · updated/ }).click();
    await page.locator('.kb-diff .add', { hasText: 'Refunds arrive in 1–3 days' }).waitFor();
    await screenshot(page, 'kb-console-editor-en');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  // "Under a minute" is the person's flow (gap → draft → publish: three clicks, no typing), not how fast this
  // machine runs it: the steps are asserted, the wall clock is not.
  it('goes from an unanswered question to a published article in three clicks', async () => {
    const page = await as(acct.users.owner, 'en-US');
    await page.goto(`${app.url}/app/kb/gaps`);
    await page
      .getByRole('link', { name: /student/ })
      .first()
      .click();
    await page.locator('blockquote', { hasText: 'STUDENT10' }).waitFor();
    await screenshot(page, 'kb-console-gap-en');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Create draft article' }).click();
    const title = page.getByLabel('Title (main question)');
    await expect.poll(() => title.inputValue()).toMatch(/student/i);
    expect(await page.getByLabel('Short answer (what the bot sends)').inputValue()).toContain(
      'STUDENT10',
    );
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.locator('.kb-status-published').waitFor();
    const published = await app.api('GET', '/api/v1/kb/articles?status=published&q=student', {
      session: await app.login(acct.users.owner.email, acct.users.owner.password),
    });
    expect(published.body.articles).toHaveLength(1);
  });

  it('shows agents the knowledge base read-only in Chinese', async () => {
    const page = await as(acct.users.agent, 'zh-CN');
    await page.goto(`${app.url}/app/kb`);
    await page.getByRole('link', { name: '我的快递到哪了？' }).waitFor();
    expect(await page.locator('.kb-head h1').textContent()).toBe('知识库');
    expect(await page.getByRole('link', { name: '文章' }).count()).toBe(1);
    expect(await page.getByRole('link', { name: '知识缺口' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: '新建文章' }).count()).toBe(0);
    await screenshot(page, 'kb-console-list-zh-agent');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('imports a file: reports bad rows and applies nothing, then imports a good one', async () => {
    const page = await as(acct.users.owner, 'en-US');
    await page.goto(`${app.url}/app/kb`);
    await page.getByText('Import', { exact: true }).click();
    const input = page.getByLabel('Import', { exact: true });
    await input.setInputFiles({
      name: 'bad.jsonl',
      mimeType: 'application/x-ndjson',
      buffer: Buffer.from('{"question":"ok"}\n{oops\n'),
    });
    await page.getByText('#2: invalid JSON').waitFor();
    await input.setInputFiles({
      name: 'good.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        'question,answer,locale\n"Do you sell gift cards?","Yes, in any amount from ¥50.",en\n',
      ),
    });
    await page.getByText('Imported: 1 new, 0 updated').waitFor();
    await page.getByRole('link', { name: 'Do you sell gift cards?' }).waitFor();
    await screenshot(page, 'kb-console-import-en');
  });
});
