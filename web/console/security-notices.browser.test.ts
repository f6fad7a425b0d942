/**
 * Lockout notification in the console (issue 13), real Chromium: an owner with the console open
 * sees at once that a user's sign-ins were locked (English); the locked user, at their next sign-in
 * through the login page, is told once when, after how many failures and from where (Chinese).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { launchBrowser, screenshot } from '../../server/test/browser.ts';
import { testApp, type SeededAccount, type TestApp } from '../../server/test/test-app.ts';

let app: TestApp;
let acct: SeededAccount;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  app = await testApp({
    TRUSTED_PROXIES: '127.0.0.1',
    RATE_LIMIT_LOGIN_PER_MIN: '1000',
    LOGIN_LOCK_AFTER_FAILURES: '3',
  });
  acct = await app.seedAccount();
  browser = await launchBrowser();
});
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await app?.stop();
});

async function page(locale: 'zh-CN' | 'en-US', user?: { email: string; password: string }) {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 860 } });
  contexts.push(context);
  if (user) {
    const res = await context.request.post(`${app.url}/api/v1/auth/login`, {
      data: { email: user.email, password: user.password },
    });
    expect(res.status()).toBe(200);
  }
  const p: Page = await context.newPage();
  p.on('pageerror', (err) => {
    throw err;
  });
  return p;
}

describe('lockout notification in the console', () => {
  it('the owner is told live; the locked user is told once at the next sign-in', async () => {
    const owner = await page('en-US', acct.users.owner);
    await owner.goto(`${app.url}/app/inbox`);
    await owner.getByRole('link', { name: 'Inbox' }).waitFor();
    const { email, password } = acct.users.agent;
    for (const ip of ['203.0.113.7', '203.0.113.8', '203.0.113.9'])
      await app.api('POST', '/api/v1/auth/login', {
        body: { email, password: 'not-the-password' },
        headers: { 'x-forwarded-for': ip },
      });
    const alert = owner.getByTestId('lock-alert');
    await alert.waitFor();
    const text = (await alert.textContent()) ?? '';
    expect(text).toContain(email);
    expect(text).toContain('after 3 failed attempts');
    expect(text).toContain('203.0.113.9');
    await screenshot(owner, 'console-en-lock-alert');
    await alert.getByRole('button', { name: 'Dismiss' }).click();
    await alert.waitFor({ state: 'detached' });

    // the lock window is over (the counter lives in the kv port)
    vi.spyOn(app.services.kv, 'peek').mockResolvedValueOnce({ count: 0, retryAfterSeconds: 0 });
    const agent = await page('zh-CN');
    await agent.goto(`${app.url}/app/`);
    await agent.waitForURL(/\/app\/login$/);
    await agent.locator('input[type=email]').fill(email);
    await agent.locator('input[type=password]').fill(password);
    await agent.getByRole('button', { name: '登录', exact: true }).click();
    const notice = agent.getByTestId('lock-notice');
    await notice.waitFor();
    const told = (await notice.textContent()) ?? '';
    expect(told).toContain('因连续 3 次登录失败被暂时锁定');
    expect(told).toContain('203.0.113.9');
    await screenshot(agent, 'console-zh-lock-notice');
    await notice.getByRole('button', { name: '知道了' }).click();
    await notice.waitFor({ state: 'detached' });
    await agent.reload();
    await agent.getByRole('link', { name: '收件箱' }).waitFor();
    expect(await agent.getByTestId('lock-notice').count()).toBe(0);
  });
});
