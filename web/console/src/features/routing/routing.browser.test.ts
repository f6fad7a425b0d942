/**
 * Routing console pages in real Chromium: the live queue (angry customer first, move to front, live
 * update), an alert's "take over", and the automation rule form rejecting a catastrophic pattern; axe; zh + en.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execute } from '../../../../../server/core/commands/context.ts';
import { systemActor } from '../../../../../server/core/policies/actor.ts';
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
const waiting: string[] = [];

async function customer(text: string): Promise<string> {
  const v = await app.visitor(acct.inboxToken);
  const r = await app.api('POST', '/widget/v1/messages', {
    token: v.token,
    body: { content: text, clientMessageId: `b-${Math.random().toString(36).slice(2)}` },
  });
  return r.body.conversation.id;
}

beforeAll(async () => {
  app = await testApp({ RATE_LIMIT_LOGIN_PER_MIN: '1000' });
  acct = await app.seedAccount();
  // A rule that fires on the first customers' messages, so the automation audit has rows to show.
  const rule = await app.api('POST', '/api/v1/automation/rules', {
    session: await app.login(acct.users.owner.email, 'password-123'),
    body: {
      name: 'Tag questions',
      event: 'message_received',
      conditions: { all: [{ field: 'message.content', op: 'contains', value: 'question' }] },
      actions: [{ type: 'add_label', label: 'question' }],
    },
  });
  expect(rule.status).toBe(201);
  for (let i = 0; i < 3; i++) waiting.push(await customer(`question ${i}`));
  const angry = await customer('this is unacceptable!!!');
  await execute(
    app.services,
    systemActor(acct.accountId, 'ai'),
    (ctx) =>
      ctx.events.record(
        'message.analyzed',
        {
          messageId: 'm',
          conversationId: angry,
          contactId: 'k',
          inboxId: acct.inboxId,
          language: 'en',
          sentiment: { label: 'negative', score: -0.9 },
          emotion: { label: 'angry', intensity: 0.95 },
          trend: 'rising_anger',
          intent: null,
          humanRequest: false,
          piiTypes: [],
        },
        angry,
      ),
    null,
  );
  waiting.unshift(angry);
  browser = await launchBrowser();
});
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await app?.stop();
});

const as = (user: { email: string; password: string }, locale: 'zh-CN' | 'en-US'): Promise<Page> =>
  loggedInPage(browser, app.url, user, locale, contexts);

describe('routing console', () => {
  it('shows the queue in service order, moves a conversation to the front live, and takes over an alert (en)', async () => {
    const page = await as(acct.users.supervisor, 'en-US');
    await page.goto(`${app.url}/app/queue`);
    await page.getByRole('heading', { name: 'Queue & alerts' }).waitFor();
    const firstRow = page.locator('section[aria-labelledby="rt-queue"] tbody tr').first();
    await firstRow.getByText('Angry').waitFor();
    expect(await page.locator('section[aria-labelledby="rt-queue"] tbody tr').count()).toBe(4);
    // Issue 14 item 4: the row says who waits and why, in words (no #1, no reason codes).
    const angryRow = (await firstRow.innerText()).replace(/\s+/g, ' ');
    expect(angryRow).toMatch(/Visitor #\d+/);
    expect(angryRow).toContain('this is unacceptable!!!');
    expect(angryRow).toContain('Web chat');
    expect(angryRow).toContain('New conversation');
    expect(angryRow).not.toMatch(/\bnew\b|web_widget/);
    await screenshot(page, 'routing-queue-en');
    expect(await seriousA11yViolations(page)).toEqual([]);
    const last = page.locator('section[aria-labelledby="rt-queue"] tbody tr').last();
    const lastHref = await last.locator('a').getAttribute('href');
    await last.getByRole('button', { name: 'Move to front' }).click();
    await page.waitForFunction(
      (href) =>
        document
          .querySelector('section[aria-labelledby="rt-queue"] tbody tr a')
          ?.getAttribute('href') === href,
      lastHref,
    );
    await page
      .locator('section[aria-labelledby="rt-alerts"]')
      .getByRole('button', { name: 'Take over' })
      .first()
      .click();
    await page.waitForURL(/\/app\/c\//);
    const taken = page.url().split('/c/')[1];
    expect(
      (
        await app.api('GET', `/api/v1/conversations/${taken}`, {
          session: await app.login(acct.users.supervisor.email, 'password-123'),
        })
      ).body.assigneeId,
    ).toBe(acct.users.supervisor.id);
  });

  it('zh-CN queue page and the automation form rejecting a catastrophic pattern', async () => {
    const page = await as(acct.users.owner, 'zh-CN');
    await page.goto(`${app.url}/app/queue`);
    await page.getByRole('heading', { name: '排队与预警' }).waitFor();
    const rows = page.locator('section[aria-labelledby="rt-queue"] tbody tr');
    await rows
      .first()
      .getByText(/访客 #\d+/)
      .waitFor();
    const row = (await rows.first().innerText()).replace(/\s+/g, ' ');
    expect(row).toMatch(/访客 #\d+/);
    expect(row).toContain('网页聊天');
    expect(row).toContain('新会话');
    expect(row).not.toMatch(/\bnew\b|web_widget/);
    await screenshot(page, 'routing-queue-zh');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.goto(`${app.url}/app/automation`);
    await page.getByRole('heading', { name: '自动化规则' }).waitFor();
    // The audit says what ran in words, not JSON or action codes.
    const audit = page.locator('section[aria-labelledby="auto-audit"]');
    await audit.getByText('执行了：添加标签').first().waitFor();
    const auditText = await audit.innerText();
    expect(auditText).not.toMatch(/add_label|\{"/);
    await page.getByLabel('名称').fill('坏规则');
    await page
      .getByLabel('条件（JSON：all / any 组）')
      .fill(
        JSON.stringify({ all: [{ field: 'message.content', op: 'matches', value: '(a+)+$' }] }),
      );
    await page.getByRole('button', { name: '创建规则' }).click();
    await page.getByText(/nested quantifiers/).waitFor();
    await page
      .getByLabel('条件（JSON：all / any 组）')
      .fill(
        JSON.stringify({ all: [{ field: 'message.content', op: 'contains', value: 'refund' }] }),
      );
    await page.getByRole('button', { name: '创建规则' }).click();
    await page.getByRole('cell', { name: '坏规则' }).first().waitFor();
    await screenshot(page, 'routing-automation-zh');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });
});
