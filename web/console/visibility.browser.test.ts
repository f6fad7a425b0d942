/**
 * Who sees which conversations, in real Chromium: an admin turns on "agents see only their inboxes
 * and teams" (Account, English) and picks an inbox's members (Inboxes, Chinese); the agent's inbox
 * then lists their inbox's conversation and not the other's, live as well. axe and screenshots.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, seriousA11yViolations } from '../../server/test/browser.ts';
import { testApp, type SeededAccount, type TestApp } from '../../server/test/test-app.ts';

let app: TestApp;
let acct: SeededAccount;
let browser: Browser;
let inboxB: { id: string; token: string };
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  app = await testApp({
    RATE_LIMIT_LOGIN_PER_MIN: '1000',
    RATE_LIMIT_WIDGET_SESSIONS_PER_MIN: '1000',
  });
  acct = await app.seedAccount();
  const owner = await app.login(acct.users.owner.email, acct.users.owner.password);
  const b = await app.api('POST', '/api/v1/inboxes', {
    session: owner,
    body: { name: 'Inbox B', channelType: 'web_widget' },
  });
  inboxB = { id: b.body.id, token: b.body.publicToken };
  browser = await launchBrowser();
});
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await app?.stop();
});

async function as(user: { email: string; password: string }, locale: 'zh-CN' | 'en-US') {
  // bypassCSP: axe-core is injected as a script
  const context = await browser.newContext({
    locale,
    viewport: { width: 1280, height: 860 },
    bypassCSP: true,
  });
  contexts.push(context);
  const res = await context.request.post(`${app.url}/api/v1/auth/login`, {
    data: { email: user.email, password: user.password },
  });
  expect(res.status()).toBe(200);
  const page: Page = await context.newPage();
  page.on('pageerror', (err) => {
    throw err;
  });
  return page;
}

async function say(inboxToken: string, content: string) {
  const v = await app.visitor(inboxToken);
  const sent = await app.api('POST', '/widget/v1/messages', {
    token: v.token,
    body: { content, clientMessageId: `v-${Math.random()}` },
  });
  expect(sent.status).toBe(201);
}

describe('agents restricted to their inboxes and teams, in the console', () => {
  it('an admin turns the setting on (English)', async () => {
    const page = await as(acct.users.owner, 'en-US');
    await page.goto(`${app.url}/app/settings/account`);
    await page.getByRole('heading', { name: 'Who sees which conversations' }).waitFor();
    const box = page.getByTestId('restrict-agents');
    expect(await box.isChecked()).toBe(false);
    await page
      .getByLabel(
        'Agents see only the conversations of their inboxes and teams, and those assigned to them',
      )
      .check();
    await page
      .locator('section[aria-labelledby=visibility-h] .cb-saved', { hasText: 'Saved' })
      .waitFor();
    const owner = await app.login(acct.users.owner.email, acct.users.owner.password);
    const setting = await app.api('GET', '/api/v1/account/visibility', { session: owner });
    expect(setting.body).toEqual({ restrictAgentsToMembership: true });
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'console-settings-visibility-en');
  });

  it('an admin makes the agent a member of the first inbox (Chinese)', async () => {
    const page = await as(acct.users.owner, 'zh-CN');
    await page.goto(`${app.url}/app/settings/inboxes`);
    const members = page.getByTestId('inbox-members');
    await page.getByRole('heading', { name: 'Web 的成员' }).waitFor();
    const slug = acct.users.agent.email.split('@')[0].replace(/^agent-/, '');
    await members.getByLabel(`agent ${slug}`, { exact: true }).check();
    const owner = await app.login(acct.users.owner.email, acct.users.owner.password);
    await expect
      .poll(
        async () =>
          (await app.api('GET', `/api/v1/inboxes/${acct.inboxId}/members`, { session: owner })).body
            .memberIds,
      )
      .toEqual([acct.users.agent.id]);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'console-settings-inbox-members-zh');
  });

  it("the agent's inbox lists their inbox's conversations only, live too", async () => {
    await say(acct.inboxToken, 'alpha before login');
    await say(inboxB.token, 'bravo before login');
    const page = await as(acct.users.agent, 'en-US');
    await page.goto(`${app.url}/app/inbox`);
    await page.getByRole('button', { name: /^All open/ }).click();
    const rows = page.locator('[data-testid=conversation-row]');
    await rows.filter({ hasText: 'alpha before login' }).waitFor();
    await say(inboxB.token, 'bravo live');
    await say(acct.inboxToken, 'alpha live');
    await rows.filter({ hasText: 'alpha live' }).waitFor();
    expect(await rows.filter({ hasText: 'bravo' }).count()).toBe(0);
    expect(await rows.count()).toBe(2);
  });
});
