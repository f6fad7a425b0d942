/**
 * The help center in Chromium follows the browser's language when the address names none (issue 14
 * item 10): an English browser gets the English help center, a Chinese one the Chinese; `?lang=` in
 * the address still wins, and shared caches are told the page varies by Accept-Language.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot } from '../../test/browser.ts';
import { type SeededAccount, type TestApp, testApp } from '../../test/test-app.ts';
import { seedDemoKb } from './demo.ts';

let app: TestApp;
let acct: SeededAccount;
let browser: Browser;
let slug: string;

beforeAll(async () => {
  app = await testApp();
  acct = await app.seedAccount();
  await seedDemoKb(app.services, {
    accountId: acct.accountId,
    inboxId: acct.inboxId,
    inboxToken: acct.inboxToken,
    userIds: [acct.users.owner.id],
    teamIds: { billing: '', support: '' },
  });
  slug = (
    await app.services.database.db
      .selectFrom('accounts')
      .select('slug')
      .where('id', '=', acct.accountId)
      .executeTakeFirstOrThrow()
  ).slug;
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe("help center in Chromium: the browser's language", () => {
  for (const [browserLocale, lang, title, search, other, otherTitle] of [
    ['en-US', 'en', 'Help Center', 'Search', 'zh-CN', '帮助中心'],
    ['zh-CN', 'zh-CN', '帮助中心', '搜索', 'en', 'Help Center'],
  ] as const) {
    it(`a ${browserLocale} browser gets the ${lang} help center; ?lang=${other} still wins`, async () => {
      const ctx = await browser.newContext({
        locale: browserLocale,
        viewport: { width: 1100, height: 900 },
      });
      const page = await ctx.newPage();
      const res = await page.goto(`${app.url}/help/${slug}`);
      await screenshot(page, `help-center-${lang === 'en' ? 'en' : 'zh'}-browser-language`);
      expect(await page.locator('html').getAttribute('lang')).toBe(lang);
      expect(await page.title()).toContain(title);
      await page.getByRole('button', { name: search, exact: true }).first().waitFor();
      expect(res!.headers().vary).toMatch(/Accept-Language/);

      await page.goto(`${app.url}/help/${slug}?lang=${other}`);
      expect(await page.locator('html').getAttribute('lang')).toBe(other);
      expect(await page.title()).toContain(otherTitle);
      await ctx.close();
    });
  }
});
