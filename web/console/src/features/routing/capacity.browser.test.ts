/**
 * In real Chromium: assigning from the queue to an agent at capacity shows the reason (zh-CN) and the
 * supervisor's "assign anyway"; the automation form creates a schedule rule (en); axe.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
let queued: string;

beforeAll(async () => {
  app = await testApp({ RATE_LIMIT_LOGIN_PER_MIN: '1000' });
  acct = await app.seedAccount();
  const owner = await app.login(acct.users.owner.email, 'password-123');
  const agent = await app.login(acct.users.agent.email, 'password-123');
  // the agent is online but has no free slot: the customer waits and a manual assignment is refused
  expect(
    (
      await app.api('PUT', `/api/v1/routing/agents/${acct.users.agent.id}`, {
        session: owner,
        body: { capacity: { '*': 0 } },
      })
    ).status,
  ).toBe(200);
  expect(
    (await app.api('PATCH', '/api/v1/me', { session: agent, body: { availability: 'online' } }))
      .status,
  ).toBe(200);
  const v = await app.visitor(acct.inboxToken);
  queued = (
    await app.api('POST', '/widget/v1/messages', {
      token: v.token,
      body: { content: '在吗？', clientMessageId: 'cap-1' },
    })
  ).body.conversation.id;
  browser = await launchBrowser();
});
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await app?.stop();
});

const as = (user: { email: string; password: string }, locale: 'zh-CN' | 'en-US'): Promise<Page> =>
  loggedInPage(browser, app.url, user, locale, contexts);

describe('capacity and schedule rules in the console', () => {
  it('shows agent_at_capacity in Chinese and lets the supervisor assign anyway', async () => {
    const page = await as(acct.users.supervisor, 'zh-CN');
    await page.goto(`${app.url}/app/queue`);
    const row = page.locator('section[aria-labelledby="rt-queue"] tbody tr').first();
    await row.waitFor();
    await row.getByRole('combobox').selectOption(acct.users.agent.id);
    const alert = page.getByRole('alert').filter({ hasText: '该客服已达到最大并发会话数（0/0）' });
    await alert.waitFor();
    await screenshot(page, 'routing-capacity-zh');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await alert.getByRole('button', { name: '仍然分配（超出容量）' }).click();
    await page.getByText('当前没有排队的会话。').waitFor();
    const sup = await app.login(acct.users.supervisor.email, 'password-123');
    expect(
      (await app.api('GET', `/api/v1/conversations/${queued}`, { session: sup })).body.assigneeId,
    ).toBe(acct.users.agent.id);
  });

  it('creates a daily schedule rule from the form (en)', async () => {
    const page = await as(acct.users.owner, 'en-US');
    await page.goto(`${app.url}/app/automation`);
    await page.getByRole('heading', { name: 'Automation rules' }).waitFor();
    await page.getByLabel('Name').fill('Close stale pending');
    await page.getByLabel('Event').selectOption('schedule');
    await page.getByLabel('Runs').selectOption('daily');
    await page.getByLabel('Time', { exact: true }).fill('09:30');
    await page.getByLabel(/^Time zone/).fill('Asia/Shanghai');
    await page.getByLabel('Conditions (JSON: all / any groups)').fill(
      JSON.stringify({
        all: [
          { field: 'conversation.status', op: 'eq', value: 'pending' },
          { field: 'conversation.idleMinutes', op: 'gte', value: 1440 },
        ],
      }),
    );
    await page.getByLabel('Actions (JSON array)').fill(JSON.stringify([{ type: 'resolve' }]));
    await page.getByRole('button', { name: 'Create rule' }).click();
    await page
      .getByRole('cell', { name: /Schedule · daily at 09:30 \(Asia\/Shanghai\)/ })
      .waitFor();
    await screenshot(page, 'routing-automation-schedule-en');
    expect(await seriousA11yViolations(page)).toEqual([]);
    const owner = await app.login(acct.users.owner.email, 'password-123');
    const rules = (await app.api('GET', '/api/v1/automation/rules', { session: owner })).body.data;
    expect(rules[0]).toMatchObject({
      event: 'schedule',
      trigger: { dailyAt: '09:30', timezone: 'Asia/Shanghai' },
    });
    expect(rules[0].nextRunAt).toMatch(/T01:30:00\.000Z$/);
  });
});
