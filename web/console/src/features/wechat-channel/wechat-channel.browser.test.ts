/**
 * A WeChat conversation in real Chromium, against the platform simulator: a WeChat user writes in
 * Chinese, the agent opens the conversation and sees the reply window beside it (还可回复 5 条…),
 * answers from the composer, the user's phone receives it and the window counts down; the owner
 * sees the inbox's WeChat settings (server URL, write-only secrets). zh-CN and en, screenshots, axe.
 */
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type InboxSetup,
  newOpenId,
  stored,
  type WechatApp,
  wechatApp,
  wechatInbox,
} from '../../../../../server/features/wechat-channel/test/wechat-app.ts';
import {
  launchBrowser,
  loggedInPage,
  screenshot,
  seriousA11yViolations,
} from '../../../../../server/test/browser.ts';
import { until } from '../../../../../server/test/wait.ts';

let w: WechatApp;
let inbox: InboxSetup;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  w = await wechatApp({ RATE_LIMIT_LOGIN_PER_MIN: '1000' });
  inbox = await wechatInbox(w, w.admin, { mode: 'secure', name: '商城公众号' });
  browser = await launchBrowser();
});
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await w?.stop();
});

async function conversationOf(text: string): Promise<string> {
  const m = await until(
    async () => (await stored(w.app, inbox.inboxId)).messages.find((x) => x.content === text),
    Boolean,
    { what: 'the WeChat message stored' },
  );
  return m!.conversation_id;
}

describe('WeChat in the console', () => {
  it('zh-CN: a WeChat user and an agent converse; the reply window counts down beside the composer', async () => {
    const openId = newOpenId();
    await w.sim.text(inbox.sim.appId, openId, '你好，我的订单还没到');
    const conversationId = await conversationOf('你好，我的订单还没到');
    const page = await loggedInPage(browser, w.app.url, w.acct.users.agent, 'zh-CN', contexts);
    await page.goto(`${w.app.url}/app/c/${conversationId}`);
    const panel = page.getByTestId('wechat-window');
    await panel.getByRole('heading', { name: '微信回复窗口' }).waitFor();
    await panel.getByText('还可回复 5 条，48 小时后关闭').waitFor();
    await page.getByText('你好，我的订单还没到').first().waitFor();
    const composer = page.locator('[data-testid=composer]');
    await composer.fill('您好！已为您查询，包裹明天送达。');
    await composer.press('Enter');
    await until(
      () => w.sim.phone(inbox.sim.appId, openId).map((m) => m.text),
      (texts) => texts.includes('您好！已为您查询，包裹明天送达。'),
      { what: "the reply on the user's phone" },
    );
    await panel.getByText('还可回复 4 条，48 小时后关闭').waitFor();
    await w.sim.text(inbox.sim.appId, openId, '谢谢！');
    await page.getByText('谢谢！').first().waitFor();
    await panel.getByText('还可回复 5 条，48 小时后关闭').waitFor();
    await screenshot(page, 'console-zh-CN-wechat-window');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('en: the inbox settings show the server URL and never a secret', async () => {
    const page = await loggedInPage(browser, w.app.url, w.acct.users.owner, 'en-US', contexts);
    await page.goto(`${w.app.url}/app/settings/inboxes`);
    const select = page.getByTestId('inbox-select');
    await select.waitFor();
    // the option reads '<name> · <channel in the page's language>'
    const option = select.locator('option', { hasText: '商城公众号' }).first();
    await select.selectOption((await option.getAttribute('value')) ?? '');
    await page
      .getByRole('heading', { name: 'WeChat Official Account / Mini Program · 商城公众号' })
      .waitFor();
    expect(await page.getByTestId('wechat-url').textContent()).toBe(
      `${w.app.url}/channels/wechat/${inbox.inboxId}/callback`,
    );
    await expect.poll(() => page.getByTestId('wechat-appId').inputValue()).toBe(inbox.sim.appId);
    expect(await page.getByTestId('wechat-token').getAttribute('placeholder')).toBe(
      'Set: leave empty to keep it',
    );
    expect(await page.getByTestId('wechat-token').inputValue()).toBe('');
    const html = await page.content();
    for (const secret of [inbox.sim.token, inbox.sim.appSecret, inbox.sim.encodingAesKey!])
      expect(html).not.toContain(secret);
    await screenshot(page, 'console-en-wechat-settings');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });
});
