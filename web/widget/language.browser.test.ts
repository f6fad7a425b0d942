/**
 * The chat widget's language in real Chromium (issue 14 item 10): it follows the visitor's browser,
 * not the page's `<html lang>` (unless the page sets `data-kefu-locale` or calls kefu.setLocale), and
 * what Kefu writes to the visitor (here the handover notice) is in the same language. A fresh page
 * load asks nothing that fails: the help-article search waits until the visitor types, and is then
 * made with the visitor token. Setup: widget.browser-harness.ts.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execute } from '../../server/core/commands/context.ts';
import { HANDOVER_NOTICE } from '../../server/core/commands/request-human.ts';
import { sendMessage } from '../../server/core/commands/send-message.ts';
import { screenshot } from '../../server/test/browser.ts';
import {
  acct,
  app,
  conversationOf,
  cspErrors,
  newVisitor,
  PAGE,
  send,
  startWidgetHarness,
  stopWidgetHarness,
  widget,
} from './widget.browser-harness.ts';

beforeAll(startWidgetHarness);
afterAll(stopWidgetHarness);

/** Every response of 400 or more and every console error, of the page and the widget frame. */
function failures(page: Page): string[] {
  const out: string[] = [];
  page.on('response', (r) => {
    if (r.status() >= 400) out.push(`${r.status()} ${r.url()}`);
  });
  page.on('console', (m) => {
    if (m.type() === 'error') out.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => out.push(`pageerror: ${e.message}`));
  return out;
}

const cases = [
  {
    name: 'an English browser on a Chinese page',
    browser: 'en-US',
    page: 'zh-CN',
    open: 'Open chat',
    send: 'Send',
    search: 'Search help articles',
    human: 'Talk to a human',
    text: 'Hello, I need help with my order',
    notice: HANDOVER_NOTICE.en,
    shot: 'widget-en-on-zh-page',
  },
  {
    name: 'a Chinese browser on an English page',
    browser: 'zh-CN',
    page: 'en',
    open: '打开在线客服',
    send: '发送',
    search: '搜索帮助文章',
    human: '转人工客服',
    text: '你好，我的订单有问题',
    notice: HANDOVER_NOTICE.zh,
    shot: 'widget-zh-on-en-page',
  },
] as const;

describe("chat widget in Chromium: the visitor's language", () => {
  for (const v of cases) {
    it(`${v.name}: the chat and the handover notice are in the browser's language; the load asks nothing that fails`, async () => {
      const { context, page } = await newVisitor({ locale: v.browser });
      const failed = failures(page);
      await page.goto(`${PAGE}/?lang=${v.page}`);
      expect(await page.locator('html').getAttribute('lang')).toBe(v.page);
      await page.waitForFunction(() => !!(window as unknown as { kefu?: object }).kefu);
      await widget(page).locator('.k-app:not([aria-busy])').waitFor({ state: 'attached' });
      expect(await page.locator('#kefu-launcher').getAttribute('aria-label')).toBe(v.open);

      await page.locator('#kefu-launcher').click();
      await widget(page).getByRole('button', { name: v.send, exact: true }).waitFor();
      // The article search asks only once the visitor types, with their token.
      const search = widget(page).getByLabel(v.search);
      const asked = page.waitForRequest((r) =>
        r.url().includes('/widget/v1/articles/search?q=refund'),
      );
      await search.fill('refund');
      const request = await asked;
      expect(new URL(request.url()).searchParams.get('q')).toBe('refund');
      expect(request.headers().authorization).toMatch(/^Bearer v1\./);
      expect((await request.response())?.status()).toBe(200);
      // nothing before it failed (the page load used to ask the search without a token: 401)
      expect(failed).toEqual([]);
      await screenshot(page, `${v.shot}-desktop`);

      // The bot answered; the visitor asks for a person: the notice is in the chat's language.
      await send(page, v.text);
      const conversationId = await conversationOf(v.text);
      await execute(app.services, { kind: 'system', accountId: acct.accountId }, sendMessage, {
        conversationId,
        content: v.browser === 'en-US' ? 'Here is what I found.' : '为您找到以下内容。',
        asBot: true,
        attributes: { kind: 'bot_answer', articleIds: [], confidence: 0.8 },
      });
      await widget(page).getByRole('button', { name: v.human }).click();
      const notice = widget(page).locator('.k-sys').last();
      await notice.waitFor();
      expect(await notice.textContent()).toBe(v.notice);
      await screenshot(page, `${v.shot}-handover-desktop`);
      expect(failed).toEqual([]);
      await context.close();
    });
  }

  it('the page can still choose: data-kefu-locale wins over the browser', async () => {
    const { context, page } = await newVisitor({ locale: 'zh-CN' });
    await page.goto(`${PAGE}/article`); // data-kefu-locale="en"
    await page.locator('#need-help').click();
    await widget(page).getByRole('button', { name: 'Send', exact: true }).waitFor();
    await context.close();
  });

  it('no CSP violations were reported by the widget', () => {
    expect(cspErrors).toEqual([]);
  });
});
