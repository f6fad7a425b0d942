/** The public help center in real Chromium: zh and en, with and without JavaScript, search, feedback, axe. */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, seriousA11yViolations } from '../../test/browser.ts';
import { testApp, type SeededAccount, type TestApp } from '../../test/test-app.ts';
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

describe('help center in Chromium', () => {
  it('works without JavaScript in zh-CN: browse, switch language, search, send feedback', async () => {
    const ctx = await browser.newContext({
      javaScriptEnabled: false,
      locale: 'zh-CN',
      viewport: { width: 1100, height: 900 },
    });
    const page = await ctx.newPage();
    await page.goto(`${app.url}/help/${slug}`);
    expect(await page.title()).toContain('帮助中心');
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await expect.poll(() => page.locator('.cats li').count()).toBe(6);
    await screenshot(page, 'help-center-zh-home-nojs');
    await page.getByRole('link', { name: /退货退款/ }).click();
    expect(await page.locator('h1').textContent()).toBe('退货退款');
    expect(await page.locator('.crumbs').textContent()).toContain('首页');
    await page.getByRole('link', { name: '退款多久到账？' }).click();
    expect(await page.locator('article h1').textContent()).toBe('退款多久到账？');
    expect(await page.locator('.md table').count()).toBe(1);
    await screenshot(page, 'help-center-zh-article-nojs');
    await page.getByRole('link', { name: 'English' }).click();
    expect(await page.locator('article h1').textContent()).toBe('When will I get my refund?');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.getByRole('link', { name: '简体中文' }).click();
    await page.getByRole('searchbox').first().fill('快递一直没到');
    await page.getByRole('button', { name: '搜索' }).first().click();
    expect(page.url()).toContain('/search?');
    expect(await page.locator('.articles li a').first().textContent()).toBe('我的快递到哪了？');
    await screenshot(page, 'help-center-zh-search-nojs');
    await page.locator('.articles li a').first().click();
    await page.getByLabel('没有帮助').check();
    await page.getByLabel(/还有什么想告诉我们的/).fill('希望能直接显示快递公司电话');
    await page.getByRole('button', { name: '提交' }).click();
    expect(await page.locator('.thanks').textContent()).toBe('感谢您的反馈！');
    await screenshot(page, 'help-center-zh-feedback-nojs');
    const fb = await app.services.database.db
      .selectFrom('kb_feedback')
      .selectAll()
      .where('account_id', '=', acct.accountId)
      .execute();
    expect(fb).toMatchObject([{ helpful: 0, comment: '希望能直接显示快递公司电话' }]);
    await ctx.close();
  });

  it('gives instant search results with JavaScript in English, under the strict CSP', async () => {
    const ctx = await browser.newContext({ locale: 'en', viewport: { width: 1100, height: 900 } });
    const page = await ctx.newPage();
    const cspErrors: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
    });
    await page.goto(`${app.url}/help/${slug}?lang=en`);
    expect(await page.title()).toContain('Help Center');
    await page.locator('#qb').pressSequentially('refund', { delay: 30 });
    const first = page.locator('.hero .instant li a').first();
    await first.waitFor({ state: 'visible', timeout: 10_000 });
    expect(await page.locator('#qb').getAttribute('aria-expanded')).toBe('true');
    await screenshot(page, 'help-center-en-instant-search');
    const title = await first.textContent();
    await first.click();
    expect(await page.locator('article h1').textContent()).toBe(title);
    const chat = page.getByRole('button', { name: 'Chat with us' });
    expect(await chat.getAttribute('data-kefu-context')).toContain('"articleId"');
    const opened = page.evaluate(
      () =>
        new Promise((resolve) =>
          window.addEventListener('kefu:open', (e) => resolve((e as CustomEvent).detail), {
            once: true,
          }),
        ),
    );
    await chat.click();
    expect(await opened).toMatchObject({ context: { title } });
    await page.locator('iframe').first().waitFor({ state: 'visible', timeout: 10_000 }); // the widget opened
    await screenshot(page, 'help-center-en-article');
    expect(cspErrors.filter((e) => !e.includes('widget'))).toEqual([]);
    await ctx.close();
  });

  it('"chat with us" on an article opens the widget about that article; the agent sees "Opened from article" (en, zh)', async () => {
    const article = await app.services.database.db
      .selectFrom('kb_articles')
      .select(['id', 'title'])
      .where('account_id', '=', acct.accountId)
      .where('locale', '=', 'en')
      .where('status', '=', 'published')
      .orderBy('id')
      .limit(1)
      .executeTakeFirstOrThrow();
    const owner = await app.login(acct.users.owner.email, acct.users.owner.password);
    await app.api('PATCH', '/api/v1/me', { session: owner, body: { availability: 'online' } }); // else the widget offers the offline form
    const visitor = await browser.newContext({
      locale: 'en',
      viewport: { width: 1100, height: 900 },
    });
    const page = await visitor.newPage();
    await page.goto(`${app.url}/help/${slug}/articles/${article.id}`);
    await page.waitForFunction(
      () => !!(window as unknown as { kefu?: { setContext?: unknown } }).kefu?.setContext,
    );
    await page.getByRole('button', { name: 'Chat with us' }).click();
    const frame = page.frameLocator('#kefu-frame');
    await frame
      .locator('[data-testid="context"]', { hasText: `About: ${article.title}` })
      .waitFor();
    await screenshot(page, 'help-center-en-chat-about-article');
    await frame.locator('.k-composer textarea').fill('This did not answer my question');
    await frame.locator('.k-composer textarea').press('Enter');
    let row: { conversation_id: string } | undefined;
    await expect
      .poll(
        async () =>
          (row = await app.services.database.db
            .selectFrom('messages')
            .select('conversation_id')
            .where('account_id', '=', acct.accountId)
            .where('content', '=', 'This did not answer my question')
            .executeTakeFirst()),
        { timeout: 10_000 },
      )
      .toBeTruthy();
    const conv = await app.services.database.db
      .selectFrom('conversations')
      .select('custom_attributes')
      .where('id', '=', row!.conversation_id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(conv.custom_attributes)).toEqual({
      context: {
        articleId: article.id,
        title: article.title,
        url: `${app.url}/help/${slug}/articles/${article.id}`,
        locale: 'en',
      },
    });
    await visitor.close();

    for (const [locale, label] of [
      ['en-US', 'Opened from article:'],
      ['zh-CN', '来自帮助文章：'],
    ] as const) {
      const agent = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
      const login = await agent.request.post(`${app.url}/api/v1/auth/login`, {
        data: { email: acct.users.owner.email, password: acct.users.owner.password },
      });
      expect(login.status()).toBe(200);
      const console = await agent.newPage();
      await console.goto(`${app.url}/app/c/${row!.conversation_id}`);
      const panel = console.locator('[data-testid="opened-from"]');
      await panel.waitFor();
      expect(await panel.locator('p').first().textContent()).toBe(`${label} ${article.title}`);
      expect(await panel.getByRole('link', { name: article.title }).getAttribute('href')).toBe(
        `/app/kb/articles/${article.id}`,
      );
      await screenshot(console, `console-${locale === 'en-US' ? 'en' : 'zh'}-opened-from-article`);
      await panel.getByRole('link', { name: article.title }).click();
      await console.waitForURL(`**/app/kb/articles/${article.id}`);
      await agent.close();
    }
  });

  it('has no serious accessibility violations (axe) in zh and en', async () => {
    const ctx = await browser.newContext({ bypassCSP: true });
    const page = await ctx.newPage();
    const article = (
      await app.services.database.db
        .selectFrom('kb_articles')
        .select('id')
        .where('account_id', '=', acct.accountId)
        .where('locale', '=', 'en')
        .limit(1)
        .executeTakeFirstOrThrow()
    ).id;
    for (const path of [
      `/help/${slug}`,
      `/help/${slug}?lang=en`,
      `/help/${slug}/articles/${article}`,
      `/help/${slug}/search?q=refund&lang=en`,
      `/help/${slug}/articles/00000000-0000-7000-8000-000000000000`,
    ]) {
      await page.goto(app.url + path);
      expect(await seriousA11yViolations(page), path).toEqual([]);
    }
    await ctx.close();
  });
});
