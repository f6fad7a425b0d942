/**
 * Console part B in real Chromium: inbox settings apply at once to the widget config, an invited
 * agent accepts and logs in, the supervisor view follows live conversations, the contact page shows
 * a cross-inbox timeline; axe on settings and supervisor; zh + en screenshots.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, seriousA11yViolations } from '../../server/test/browser.ts';
import { testApp, type SeededAccount, type TestApp } from '../../server/test/test-app.ts';

let app: TestApp;
let acct: SeededAccount;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  app = await testApp({
    RATE_LIMIT_LOGIN_PER_MIN: '1000',
    RATE_LIMIT_WIDGET_SESSIONS_PER_MIN: '1000',
  });
  acct = await app.seedAccount();
  browser = await launchBrowser();
});
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await app?.stop();
});

async function as(
  user: { email: string; password: string } | null,
  locale: 'zh-CN' | 'en-US' = 'en-US',
): Promise<Page> {
  const context = await browser.newContext({
    locale,
    viewport: { width: 1280, height: 860 },
    bypassCSP: true,
  }); // bypassCSP: axe-core is injected as a script;
  contexts.push(context);
  if (user) {
    const res = await context.request.post(`${app.url}/api/v1/auth/login`, {
      data: { email: user.email, password: user.password },
    });
    expect(res.status()).toBe(200);
  }
  const page = await context.newPage();
  page.on('pageerror', (err) => {
    throw err;
  });
  return page;
}

async function say(inboxToken: string, content: string) {
  const v = await app.visitor(inboxToken);
  const sent = await app.api('POST', '/widget/v1/messages', {
    token: v.token,
    body: { content, clientMessageId: `b-${Math.random()}` },
  });
  expect(sent.status).toBe(201);
  return { contactId: v.contactId, conversationId: sent.body.conversation.id as string };
}

describe('console settings, invitations, supervisor and contacts in Chromium', () => {
  it('admin changes the widget greeting and colour; /widget/v1/config returns them at once', async () => {
    const page = await as(acct.users.owner);
    await page.goto(`${app.url}/app/settings/inboxes`);
    await page.getByTestId('inbox-form').waitFor();
    await page.getByTestId('greeting-en').fill('Welcome to Kefu Shop!');
    await page.getByTestId('greeting-zh').fill('欢迎光临客服商店！');
    await page.getByTestId('color-hex').fill('#c2185b');
    await page.getByLabel('Bottom left').check();
    await page.getByTestId('inbox-save').click();
    await page.getByText('Saved', { exact: true }).waitFor();
    const cfg = await app.api('GET', `/widget/v1/config?token=${acct.inboxToken}`);
    expect(cfg.status).toBe(200);
    expect(cfg.body.inbox.settings).toMatchObject({
      color: '#c2185b',
      position: 'left',
      greeting: { en: 'Welcome to Kefu Shop!', 'zh-CN': '欢迎光临客服商店！' },
    });
    expect(await page.getByTestId('snippet').textContent()).toBe(
      `<script async src="${app.url}/widget.js" data-kefu-inbox="${acct.inboxToken}"></script>`,
    );
    expect(await page.getByTestId('widget-preview').getAttribute('data-position')).toBe('left');
    const violations = await seriousA11yViolations(page);
    expect(violations).toEqual([]);
    await screenshot(page, 'console-settings-inbox-en');
  });

  it('admin invites an agent who accepts the link and is logged in', async () => {
    const admin = await as(acct.users.owner);
    await admin.goto(`${app.url}/app/settings/agents`);
    await admin.getByTestId('invite-email').fill('invited.agent@example.com');
    await admin.getByTestId('invite-role').selectOption('agent');
    await admin.getByTestId('invite-submit').click();
    const link = await admin.getByTestId('invite-link').inputValue();
    expect(link).toMatch(/\/app\/accept-invite\?token=/);
    expect(await seriousA11yViolations(admin)).toEqual([]);

    const guest = await as(null);
    await guest.goto(link);
    await guest.getByTestId('invite-name').fill('Invited Agent');
    // The server's password rule, live: a well-known password is called out before it is sent.
    await guest.getByTestId('invite-password').fill('password-2026');
    await guest
      .getByTestId('password-meter')
      .filter({ hasText: 'Too common or too easy to guess' })
      .waitFor();
    await guest.getByTestId('invite-password').fill('invited-password-1');
    await guest.getByTestId('password-meter').filter({ hasText: 'Strength:' }).waitFor();
    await guest.getByTestId('invite-accept').click();
    await guest.waitForURL(/\/app\/inbox/);
    const me = await guest.context().request.get(`${app.url}/api/v1/me`);
    expect((await me.json()).user).toMatchObject({
      email: 'invited.agent@example.com',
      name: 'Invited Agent',
      role: 'agent',
    });
    await admin.reload();
    await admin.getByTestId('invitations-table').getByText('Accepted').waitFor();
    await admin.getByTestId('agents-table').getByText('invited.agent@example.com').waitFor();
    // The link works once.
    const again = await as(null);
    await again.goto(link);
    await again.getByRole('alert').waitFor();
  });

  it('supervisor view lists live conversations, ticks waiting time and updates when a new one arrives', async () => {
    const first = await say(acct.inboxToken, 'Where is my parcel?');
    const page = await as(acct.users.supervisor);
    await page.goto(`${app.url}/app/supervisor`);
    const table = page.getByTestId('live-table');
    await table.locator(`tr[data-conversation-id="${first.conversationId}"]`).waitFor();
    const wait = table.locator(
      `tr[data-conversation-id="${first.conversationId}"] [data-testid="waiting"]`,
    );
    const before = await wait.textContent();
    // the waiting time ticks on its own (no reload): wait for the next tick, however late this machine runs it
    await expect.poll(() => wait.textContent(), { timeout: 15_000 }).not.toBe(before);

    const second = await say(acct.inboxToken, '我要退货，快点处理！');
    await table
      .locator(`tr[data-conversation-id="${second.conversationId}"]`)
      .waitFor({ timeout: 5000 });
    // Assigning it elsewhere updates assignee and the agent's load live.
    await app.api('POST', `/api/v1/conversations/${second.conversationId}/assignment`, {
      session: await app.login(acct.users.owner.email, acct.users.owner.password),
      body: { assigneeId: acct.users.agent.id },
    });
    await table
      .locator(`tr[data-conversation-id="${second.conversationId}"]`)
      .getByText(/agent /)
      .waitFor({ timeout: 5000 });
    await page
      .getByTestId('agents-load')
      .locator(`tr[data-agent-id="${acct.users.agent.id}"] [data-testid="load"]`)
      .getByText('1')
      .waitFor({ timeout: 5000 });
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'console-supervisor-en');

    const zh = await as(acct.users.supervisor, 'zh-CN');
    await zh.goto(`${app.url}/app/supervisor`);
    await zh.getByText('进行中的对话').waitFor();
    await zh
      .getByTestId('live-table')
      .locator(`tr[data-conversation-id="${second.conversationId}"]`)
      .waitFor();
    expect(await seriousA11yViolations(zh)).toEqual([]);
    await screenshot(zh, 'console-supervisor-zh');
  });

  it('contact page shows conversations from two inboxes in one timeline', async () => {
    const owner = await app.login(acct.users.owner.email, acct.users.owner.password);
    const shop = await app.api('POST', '/api/v1/inboxes', {
      session: owner,
      body: { name: 'Shop', channelType: 'web_widget' },
    });
    const web = await say(acct.inboxToken, 'question on the website');
    const other = await say(shop.body.publicToken, 'question in the shop');
    expect(
      (
        await app.api('POST', `/api/v1/contacts/${web.contactId}/merge`, {
          session: owner,
          body: { sourceId: other.contactId },
        })
      ).status,
    ).toBe(200);
    await app.api('PATCH', `/api/v1/contacts/${web.contactId}`, {
      session: owner,
      body: { name: 'Wang Fang', attributes: { plan: 'gold' } },
    });

    const page = await as(acct.users.agent);
    await page.goto(`${app.url}/app/contacts/${web.contactId}`);
    const timeline = page.getByTestId('timeline');
    await timeline.getByText('question in the shop').waitFor();
    await timeline.getByText('question on the website').waitFor();
    expect(
      await timeline
        .locator('li')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-inbox'))),
    ).toEqual(['Shop', 'Web']);
    expect(await page.getByTestId('contact-name').inputValue()).toBe('Wang Fang');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'console-contact-en');

    // A supervisor merges a third contact (found by search) into this one after confirming.
    const third = await say(acct.inboxToken, 'question from the phone');
    await app.api('PATCH', `/api/v1/contacts/${third.contactId}`, {
      session: owner,
      body: { name: 'Fang Wang (mobile)' },
    });
    const sup = await as(acct.users.supervisor);
    await sup.goto(`${app.url}/app/contacts/${web.contactId}`);
    await sup.getByTestId('merge-search').fill('mobile');
    await sup
      .getByRole('listitem')
      .filter({ hasText: 'Fang Wang (mobile)' })
      .getByRole('button', { name: 'Merge contacts' })
      .click();
    const dialog = sup.getByRole('dialog');
    await dialog.getByText('Merge “Fang Wang (mobile)” into “Wang Fang”?').waitFor();
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await sup.getByTestId('timeline').getByText('question from the phone').waitFor();
    expect(await sup.getByTestId('timeline').locator('li').count()).toBe(3);
    const merged = await app.api('GET', `/api/v1/contacts/${third.contactId}`, { session: owner });
    expect(merged.body.mergedIntoId).toBe(web.contactId);
  });

  it('an agent uploads an avatar on the profile page', async () => {
    const page = await as(acct.users.agent);
    await page.goto(`${app.url}/app/profile`);
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
      'base64',
    );
    await page
      .getByLabel(/Upload an avatar/)
      .setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: png });
    const img = page.locator('img.cb-avatar');
    await img.waitFor();
    expect(await img.getAttribute('src')).toMatch(
      new RegExp(`^/api/v1/users/${acct.users.agent.id}/avatar\\?v=`),
    );
    // the element appears before its bytes arrive: wait for the load (or error) to settle, then assert
    await img.evaluate((el: HTMLImageElement) =>
      el.complete
        ? undefined
        : new Promise((r) => {
            el.addEventListener('load', r, { once: true });
            el.addEventListener('error', r, { once: true });
          }),
    );
    expect(await img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(1);
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('an agent saves the current inbox view as a filter in the sidebar and reopens it', async () => {
    const page = await as(acct.users.agent2);
    await page.goto(`${app.url}/app/inbox`);
    const section = page.getByTestId('saved-filters');
    await section.waitFor();
    await page.locator('.views button', { hasText: 'Unassigned' }).first().click();
    await section.getByRole('button', { name: /Save current view/ }).click();
    await page.getByLabel('Filter name').fill('Waiting for anyone');
    await section.getByRole('button', { name: 'Save', exact: true }).click();
    await section.getByRole('button', { name: 'Waiting for anyone', exact: true }).waitFor();
    await page.locator('#list-title', { hasText: 'Waiting for anyone' }).waitFor();
    const session = await app.login(acct.users.agent2.email, acct.users.agent2.password);
    const saved = await app.api('GET', '/api/v1/saved-filters', { session });
    expect(saved.body.data).toEqual([
      expect.objectContaining({
        name: 'Waiting for anyone',
        filter: expect.objectContaining({ assignee: 'none' }),
      }),
    ]);
    await page.reload();
    await section.getByRole('button', { name: 'Waiting for anyone', exact: true }).click();
    await page.locator('#list-title', { hasText: 'Waiting for anyone' }).waitFor();
    await section.getByRole('button', { name: 'Delete filter Waiting for anyone' }).click();
    await section.getByText('No saved filters yet').waitFor();
  });

  it('settings in Chinese: axe clean, screenshots', async () => {
    const page = await as(acct.users.owner, 'zh-CN');
    await page.goto(`${app.url}/app/settings/inboxes`);
    await page.getByText('网页聊天外观', { exact: false }).first().waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'console-settings-inbox-zh');
    await page.goto(`${app.url}/app/settings/agents`);
    await page.getByTestId('agents-table').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'console-settings-agents-zh');
    await page.goto(`${app.url}/app/profile`);
    await page.getByText('通知偏好').first().waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'console-profile-zh');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${app.url}/app/settings/inboxes`);
    await page.getByTestId('inbox-form').waitFor();
    // Our page content fits its column (the shell's top bar width is the shell's business).
    expect(
      await page.locator('.cb-page').evaluate((el) => el.scrollWidth - el.clientWidth),
    ).toBeLessThanOrEqual(0);
    await screenshot(page, 'console-settings-inbox-zh-phone');
    await page.goto(`${app.url}/app/supervisor`);
    await page.getByTestId('live-table').waitFor();
    await screenshot(page, 'console-supervisor-zh-phone');
  });
});
