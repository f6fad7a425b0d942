/**
 * Availability at sign-in in real Chromium (issue 14 item 3): an agent who signs in through the
 * console's form (zh and en) is Online in the status menu without touching it, and the widget on a
 * shop's page then offers the chat instead of the leave-a-message form; the status menu follows a
 * change made elsewhere; an admin can choose "offline" under Settings → Account.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { widgetSnippet } from '../../shared/contracts.ts';
import { launchBrowser, screenshot } from '../../server/test/browser.ts';
import { type SeededAccount, type TestApp, testApp } from '../../server/test/test-app.ts';

let app: TestApp;
let acct: SeededAccount;
let browser: Browser;
let shop: Server;
let SHOP: string;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  // the product's presence: online at sign-in, a closed console goes offline after 60 s
  app = await testApp({ RATE_LIMIT_LOGIN_PER_MIN: '1000', PRESENCE_TIMEOUT_SECONDS: '' });
  acct = await app.seedAccount({ availabilityAtSignIn: 'default' });
  const kefu = app.url.replace('127.0.0.1', 'localhost'); // the shop is another origin
  shop = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>Shop</title></head>
<body><h1>演示商店</h1>${widgetSnippet(kefu, acct.inboxToken)}</body></html>`);
  });
  await new Promise<void>((r) => shop.listen(0, '127.0.0.1', () => r()));
  SHOP = `http://127.0.0.1:${(shop.address() as AddressInfo).port}`;
  browser = await launchBrowser();
});
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await new Promise((r) => shop?.close(r));
  await app?.stop();
});

async function pageIn(locale: 'zh-CN' | 'en-US'): Promise<Page> {
  const ctx = await browser.newContext({ locale, viewport: { width: 1280, height: 800 } });
  contexts.push(ctx);
  const page = await ctx.newPage();
  page.on('pageerror', (err) => {
    throw err;
  });
  return page;
}

async function signIn(page: Page, user: { email: string; password: string }) {
  await page.goto(`${app.url}/app/`);
  await page.locator('input[type=email]').fill(user.email);
  await page.locator('input[type=password]').fill(user.password);
  await page.locator('button[type=submit]').click();
  await page.locator('.topbar').waitFor();
}

const statusMenu = (page: Page, label: string) => page.getByLabel(label, { exact: true });
const availabilityOf = async (id: string) =>
  (
    await app.services.database.db
      .selectFrom('users')
      .select('availability')
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
  ).availability;

describe('availability at sign-in', () => {
  it('before anyone signs in, the widget offers to leave a message', async () => {
    const visitor = await pageIn('zh-CN');
    await visitor.goto(SHOP);
    await visitor.locator('#kefu-launcher').click();
    const frame = visitor.frameLocator('#kefu-frame');
    await frame.getByRole('heading', { name: '客服暂时不在线' }).waitFor();
  });

  it.each([
    ['zh-CN', 'agent', '在线状态', '在线', '离开'],
    ['en-US', 'agent2', 'Availability', 'Online', 'Away'],
  ] as const)(
    '%s: signing in shows the status menu on Online without touching it',
    async (locale, who, label, online, away) => {
      const page = await pageIn(locale);
      await signIn(page, acct.users[who]);
      const menu = statusMenu(page, label);
      await expect.poll(() => menu.inputValue()).toBe('online');
      expect(await menu.locator('option:checked').innerText()).toBe(online);
      expect(await availabilityOf(acct.users[who].id)).toBe('online');
      await screenshot(page, `console-${locale}-online-at-sign-in`);
      // changed elsewhere (another tab, auto-away): the menu follows live
      const other = await app.login(acct.users[who].email, acct.users[who].password);
      await app.api('PATCH', '/api/v1/me', { session: other, body: { availability: 'away' } });
      await expect.poll(() => menu.inputValue()).toBe('away');
      expect(await menu.locator('option:checked').innerText()).toBe(away);
      await app.api('PATCH', '/api/v1/me', { session: other, body: { availability: 'online' } });
      await expect.poll(() => menu.inputValue()).toBe('online');
    },
  );

  it('the widget on the shop page then offers the chat: agents are online', async () => {
    const config = await app.api('GET', `/widget/v1/config?token=${acct.inboxToken}`);
    expect(config.body.availability).toMatchObject({ online: true, reason: 'agents_online' });
    const visitor = await pageIn('zh-CN');
    await visitor.goto(SHOP);
    await visitor.locator('#kefu-launcher').click();
    const frame = visitor.frameLocator('#kefu-frame');
    await frame.locator('.k-composer textarea').waitFor({ state: 'visible' });
    expect(await frame.getByRole('heading', { name: '客服暂时不在线' }).count()).toBe(0);
  });

  it('an admin chooses offline under Settings → Account; the next sign-in leaves the agent as she was', async () => {
    const page = await pageIn('en-US');
    await signIn(page, acct.users.owner);
    await page.goto(`${app.url}/app/settings/account`);
    const atSignIn = page.getByTestId('availability-at-sign-in');
    await expect.poll(() => atSignIn.inputValue()).toBe('online');
    expect(await page.getByTestId('auto-away').inputValue()).toBe('15'); // on by default
    await atSignIn.selectOption('offline');
    await page.getByTestId('auto-away').selectOption('30');
    const section = page.getByRole('region', { name: 'Agent availability' });
    await section.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => section.getByRole('status').innerText()).not.toBe('');
    const owner = await app.login(acct.users.owner.email, acct.users.owner.password);
    await expect
      .poll(async () => {
        const presence = await app.api('GET', '/api/v1/account/presence', { session: owner });
        const routing = await app.api('GET', '/api/v1/routing/settings', { session: owner });
        return [presence.body.availabilityAtSignIn, routing.body.settings.autoAwayMinutes];
      })
      .toEqual(['offline', 30]);
    await screenshot(page, 'console-en-settings-presence');

    const agent = await app.login(acct.users.agent2.email, acct.users.agent2.password);
    await app.api('PATCH', '/api/v1/me', { session: agent, body: { availability: 'offline' } });
    const again = await pageIn('en-US');
    await signIn(again, acct.users.agent2);
    await expect.poll(() => statusMenu(again, 'Availability').inputValue()).toBe('offline');
  });
});
