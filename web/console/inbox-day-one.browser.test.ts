/**
 * Issue 14 ("Day one for a real support team"), the console: the bot's conversations wait in their
 * own view until handover; zh ↔ en switches every view name at once; lucide icons in the nav and the
 * toolbars; the conversation header names the customer once; one "More actions"; the history panel
 * says what it is for; `z` snoozes. Each test uses its own account so counts are exact.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot, seriousA11yViolations } from '../../server/test/browser.ts';
import {
  app,
  loginWithCookie,
  newContext,
  openPage,
  setupConsoleSuite,
  visitorSays,
} from './console.browser-harness.ts';

setupConsoleSuite();

/** A new account whose inbox has the bot off and whose people are offline: the tests decide who owns each conversation. */
async function team() {
  const a = await app.seedAccount();
  const owner = await app.login(a.users.owner.email, a.users.owner.password);
  await app.api('PATCH', `/api/v1/inboxes/${a.inboxId}`, {
    session: owner,
    body: { settings: { bot: { mode: 'off' } } },
  });
  const agent = await app.login(a.users.agent.email, a.users.agent.password);
  // nobody online: routing assigns no conversation by itself, the views show what the test made
  for (const session of [owner, agent])
    await app.api('PATCH', '/api/v1/me', { session, body: { availability: 'offline' } });
  return { a, owner, agent };
}

/** A visitor writes; a new conversation is the people's while the inbox's bot is off. */
async function customer(t: Awaited<ReturnType<typeof team>>, text: string) {
  const v = await app.visitor(t.a.inboxToken);
  const { conversation } = await visitorSays(v.token, text, `m-${Math.random()}`);
  return { token: v.token, contactId: v.contactId, id: conversation.id };
}

/** The team writes and publishes an answer in its knowledge base, then turns the inbox's bot on. */
async function botOn(
  t: Awaited<ReturnType<typeof team>>,
  articles: Array<{ title: string; answer: string; similarQuestions: string[]; locale: string }>,
) {
  for (const body of articles) {
    const created = await app.api('POST', '/api/v1/kb/articles', { session: t.owner, body });
    expect(created.status).toBe(201);
    const published = await app.api('POST', `/api/v1/kb/articles/${created.body.id}/publish`, {
      session: t.owner,
    });
    expect(published.body.status).toBe('published');
  }
  const r = await app.api('PATCH', `/api/v1/inboxes/${t.a.inboxId}`, {
    session: t.owner,
    body: { settings: { bot: { mode: 'on' } } },
  });
  expect(r.status).toBe(200);
}

/** A visitor asks what the knowledge base answers: the bot replies and keeps the conversation. */
async function answeredByBot(t: Awaited<ReturnType<typeof team>>, text: string) {
  const c = await customer(t, text);
  await expect
    .poll(
      async () =>
        (await app.api('GET', '/widget/v1/messages?limit=100', { token: c.token })).body.data.some(
          (m: { sender: { type: string } }) => m.sender.type === 'bot',
        ),
      { timeout: 60_000 },
    )
    .toBe(true);
  const conv = await app.api('GET', `/api/v1/conversations/${c.id}`, { session: t.agent });
  expect(conv.body.mode).toBe('bot');
  return c;
}

const EN_KB = [
  {
    title: 'Where is my order?',
    answer: 'Open My orders and tap Track parcel to see where it is.',
    similarQuestions: ['where is my order', 'track my order'],
    locale: 'en',
  },
  {
    title: 'How do I get an invoice?',
    answer: 'Invoices are under My orders → Invoice, ready to download.',
    similarQuestions: ['I need an invoice', 'how do I get an invoice'],
    locale: 'en',
  },
];
const ZH_KB = [
  {
    title: '我的快递到哪了？',
    answer: '在「我的订单」里点「查看物流」即可看到包裹位置。',
    similarQuestions: ['我的快递到哪了', '订单到哪了'],
    locale: 'zh-CN',
  },
];

async function inbox(t: Awaited<ReturnType<typeof team>>, locale: 'en-US' | 'zh-CN') {
  const ctx = await newContext({ locale, bypassCSP: true }); // axe is injected as a script
  const { page, problems } = await openPage(ctx);
  await loginWithCookie(ctx, t.agent);
  await page.goto(`${app.url}/app/inbox`);
  await page.locator('.listpane').waitFor();
  await page.waitForFunction(() => !document.querySelector('[data-testid=reconnecting]'));
  return { page, problems };
}

/** The list's rows by what they are about: the preview, or which answer of the bot it shows. */
const rowTexts = async (page: Page) =>
  (await page.locator('[data-testid=conversation-row] .preview').allInnerTexts())
    .map((p) =>
      /Track parcel/.test(p)
        ? 'bot: order'
        : /Invoice/.test(p)
          ? 'bot: invoice'
          : /查看物流/.test(p)
            ? 'bot: 快递'
            : p,
    )
    .sort();
const count = (page: Page, key: string) =>
  page.locator(`[data-testid="${key}"] .badge`).innerText();

describe('the bot view (item 6)', () => {
  it('en: the bot’s conversations wait in “With the bot”, without unread badges, and enter Unassigned live on handover', async () => {
    const t = await team();
    await customer(t, 'I need to change my delivery address');
    await botOn(t, EN_KB);
    const order = await answeredByBot(t, 'where is my order');
    await answeredByBot(t, 'how do I get an invoice');
    const { page, problems } = await inbox(t, 'en-US');

    await page.getByRole('button', { name: /^Unassigned/ }).click();
    await expect.poll(() => rowTexts(page)).toEqual(['I need to change my delivery address']);
    await expect.poll(() => count(page, 'unassigned')).toBe('1');
    expect(await count(page, 'all')).toBe('1');
    expect(await count(page, 'bot')).toBe('2');
    expect(await count(page, 'status:open')).toBe('1');
    await page.getByRole('button', { name: /^All open/ }).click();
    await expect.poll(() => rowTexts(page)).toEqual(['I need to change my delivery address']);

    await page.getByRole('button', { name: /^With the bot/ }).click();
    await expect.poll(() => rowTexts(page)).toEqual(['bot: invoice', 'bot: order']);
    expect(await page.locator('#list-title').innerText()).toBe('With the bot');
    expect(await page.getByTestId('bot-view-note').innerText()).toContain(
      'moves to Unassigned when the customer asks for a person',
    );
    // unread, but no unread noise: nobody has to read what the bot is answering
    expect(await page.locator('[data-testid=conversation-row] .badge').count()).toBe(0);
    expect(await page.locator('[data-testid=conversation-row].unread').count()).toBe(0);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'console-en-bot-view-desktop');

    // the customer asks for a person: the conversation appears in Unassigned without a reload
    await page.getByRole('button', { name: /^Unassigned/ }).click();
    await expect.poll(() => rowTexts(page)).toEqual(['I need to change my delivery address']);
    const r = await app.api('POST', '/widget/v1/handover', {
      token: order.token,
      body: { locale: 'en' },
    });
    expect(r.status).toBeLessThan(300);
    const moved = page.locator('[data-testid=conversation-row]', {
      hasText: 'You are being connected to a human agent',
    });
    await moved.waitFor();
    await expect.poll(() => page.locator('[data-testid=conversation-row]').count()).toBe(2);
    await expect.poll(() => count(page, 'unassigned')).toBe('2');
    await expect.poll(() => count(page, 'bot')).toBe('1');
    // in the human inbox it is unread again: a person has to look at it now
    expect(await moved.getAttribute('class')).toContain('unread');
    await screenshot(page, 'console-en-unassigned-after-handover-desktop');
    await page.getByRole('button', { name: /^With the bot/ }).click();
    await expect.poll(() => rowTexts(page)).toEqual(['bot: invoice']);
    expect(problems).toEqual([]);
  });

  it('zh: 机器人处理中 holds the bot’s conversations; 未分配 and 全部进行中 only people’s', async () => {
    const t = await team();
    await customer(t, '我要改收货地址');
    await botOn(t, ZH_KB);
    await answeredByBot(t, '我的快递到哪了');
    const { page, problems } = await inbox(t, 'zh-CN');
    await page.getByRole('button', { name: /^未分配/ }).click();
    await expect.poll(() => rowTexts(page)).toEqual(['我要改收货地址']);
    expect(await count(page, 'unassigned')).toBe('1');
    expect(await count(page, 'all')).toBe('1');
    expect(await count(page, 'bot')).toBe('1');
    await page.getByRole('button', { name: /^机器人处理中/ }).click();
    await expect.poll(() => rowTexts(page)).toEqual(['bot: 快递']);
    expect(await page.locator('#list-title').innerText()).toBe('机器人处理中');
    expect(await page.getByTestId('bot-view-note').innerText()).toContain('会话会进入“未分配”');
    expect(await page.locator('[data-testid=conversation-row] .badge').count()).toBe(0);
    await screenshot(page, 'console-zh-bot-view-desktop');
    expect(problems).toEqual([]);
  });
});

describe('language, icons, header, menu, side panel (item 10, item 9)', () => {
  it('switching en → zh renames every view, the list heading and the conversation at once', async () => {
    const t = await team();
    const c = await customer(t, 'Hello there');
    const { page, problems } = await inbox(t, 'en-US');
    await page.getByRole('button', { name: /^Unassigned/ }).click();
    const names = () =>
      page.locator('.views section').first().locator('button > span:first-child').allInnerTexts();
    expect(await names()).toEqual(['Mine', 'Unassigned', 'All open', 'With the bot']);
    await page.locator('[data-testid=conversation-row]', { hasText: 'Hello there' }).click();
    await page.waitForURL(`**/app/c/${c.id}`);
    await expect
      .poll(() => page.getByTestId('conversation-title').innerText())
      .toBe(`Visitor #${await displayId(t, c.id)}`);

    await page.locator('#locale').selectOption('zh-CN');
    await expect.poll(names).toEqual(['我的', '未分配', '全部进行中', '机器人处理中']);
    expect(await page.locator('#list-title').innerText()).toBe('未分配');
    expect(await page.locator('.views section').nth(1).locator('h2').innerText()).toBe('状态');
    expect(await page.getByTestId('conversation-title').innerText()).toBe(
      `访客 #${await displayId(t, c.id)}`,
    );
    expect(await page.getByRole('link', { name: '收件箱' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: '更多操作' }).count()).toBe(1);
    await screenshot(page, 'console-zh-after-switch-from-en-desktop');
    // and back
    await page.locator('#locale').selectOption('en');
    await expect.poll(names).toEqual(['Mine', 'Unassigned', 'All open', 'With the bot']);
    expect(await page.locator('#list-title').innerText()).toBe('Unassigned');
    expect(problems).toEqual([]);
  });

  for (const lang of ['zh', 'en'] as const) {
    it(`${lang}: lucide icons with accessible names; the customer named once; one “More actions”; the history panel explains itself`, async () => {
      const zh = lang === 'zh';
      const t = await team();
      const unnamed = await customer(t, zh ? '发票怎么开？' : 'How do I get an invoice?');
      const named = await customer(t, zh ? '退货地址是哪里？' : 'Where do I send returns?');
      await app.api('PATCH', `/api/v1/contacts/${named.contactId}`, {
        session: t.agent,
        body: { name: zh ? '王芳' : 'Ann Lee' },
      });
      const { page, problems } = await inbox(t, zh ? 'zh-CN' : 'en-US');
      await page.goto(`${app.url}/app/c/${unnamed.id}`);
      const n = await displayId(t, unnamed.id);
      const title = page.getByTestId('conversation-title');
      await expect.poll(() => title.innerText()).toBe(`${zh ? '访客' : 'Visitor'} #${n}`);

      // nav: an svg icon in every entry, no Unicode pictographs, names are the words alone
      const nav = page.getByRole('navigation');
      const links = nav.getByRole('link');
      expect(await links.count()).toBeGreaterThanOrEqual(4);
      for (const link of await links.all())
        expect(await link.locator('svg.lucide').count(), await link.innerText()).toBe(1);
      expect(await nav.innerText()).not.toMatch(/[☰☺§⇅⚙◉⚖⚷↻⚠]/u);
      expect(await page.locator('.views').innerText()).not.toMatch(/[＋✕]/u);
      expect(
        await page
          .getByTestId('saved-filters')
          .getByRole('button', { name: zh ? '保存当前视图' : 'Save current view', exact: true })
          .locator('svg.lucide')
          .count(),
      ).toBe(1);
      for (const name of zh
        ? ['收件箱', '客户', '个人资料', '知识库']
        : ['Inbox', 'Contacts', 'Profile', 'Knowledge base'])
        expect(await nav.getByRole('link', { name, exact: true }).count(), name).toBe(1);
      const help = page.getByRole('button', { name: zh ? '键盘快捷键' : 'Keyboard shortcuts' });
      expect(await help.locator('svg.lucide').count()).toBe(1);
      // toolbar: icons beside the words, the composer's icon buttons named
      const head = page.locator('.convhead');
      expect(await head.locator('.actions button svg.lucide').count()).toBeGreaterThanOrEqual(4);
      for (const name of zh ? ['表情', '添加附件'] : ['Emoji', 'Attach a file'])
        expect(await page.getByRole('button', { name, exact: true }).count(), name).toBe(1);

      // "More actions": said once (no select whose label and first option repeat it)
      const more = zh ? '更多操作' : 'More actions';
      const snapshot = await head.ariaSnapshot();
      expect(snapshot.split(more).length - 1, snapshot).toBe(1);
      expect(await head.getByText(/更多…|More…/).count()).toBe(0);
      await head.getByRole('button', { name: more }).click();
      const menu = page.getByRole('menu', { name: more });
      await menu.waitFor();
      expect(await menu.getByRole('menuitem').allInnerTexts()).toEqual(
        zh ? ['标为未读', '待处理', '延后…'] : ['Mark unread', 'Pending', 'Snooze…'],
      );
      expect(await seriousA11yViolations(page)).toEqual([]);
      await screenshot(page, `console-${lang}-conversation-menu-desktop`);
      await page.keyboard.press('Escape');
      await expect.poll(() => menu.count()).toBe(0);

      // the side panel: a heading and what it will show, not a bare "暂无内容"
      const history = page.getByTestId('contact-history');
      await history
        .getByRole('heading', { name: zh ? '历史对话' : 'Previous conversations' })
        .waitFor();
      expect(await history.getByTestId('timeline-empty').innerText()).toBe(
        zh
          ? '这位客户没有其他对话。客户在任何渠道的其他对话（之前的和以后的）都会列在这里。'
          : 'No other conversations with this customer. Their other conversations on any channel, earlier or later, will be listed here.',
      );
      expect(await page.locator('.side').innerText()).not.toContain('暂无内容');
      await screenshot(page, `console-${lang}-conversation-header-desktop`);

      // a named customer: the name, then the conversation number once
      await page.goto(`${app.url}/app/c/${named.id}`);
      await expect
        .poll(() => title.innerText())
        .toBe(`${zh ? '王芳' : 'Ann Lee'} #${await displayId(t, named.id)}`);
      expect(problems).toEqual([]);
    });
  }
});

describe('snooze from the keyboard', () => {
  for (const lang of ['en', 'zh'] as const) {
    it(`${lang}: z opens the snooze times; the ? sheet lists it`, async () => {
      const zh = lang === 'zh';
      const t = await team();
      const c = await customer(t, zh ? '明天再联系我' : 'Get back to me tomorrow');
      const { page, problems } = await inbox(t, zh ? 'zh-CN' : 'en-US');
      await page.goto(`${app.url}/app/c/${c.id}`);
      await page.locator('[data-testid=message]').first().waitFor();
      await page.locator('.messages').click();
      await page.keyboard.press('?');
      const sheet = page.getByRole('dialog', { name: zh ? '键盘快捷键' : 'Keyboard shortcuts' });
      await sheet.waitFor();
      const row = sheet.getByRole('row', {
        name: zh ? 'z 延后（选择时间）' : 'z Snooze (pick a time)',
      });
      expect(await row.count()).toBe(1);
      await screenshot(page, `console-${lang}-shortcuts-snooze-desktop`);
      await page.keyboard.press('Escape');
      await expect.poll(() => sheet.count()).toBe(0);

      await page.locator('.messages').click();
      await page.keyboard.press('z');
      const dialog = page.getByRole('dialog', { name: zh ? '延后到' : 'Snooze until' });
      await dialog.waitFor();
      await screenshot(page, `console-${lang}-snooze-dialog-from-keyboard-desktop`);
      await dialog.getByRole('button', { name: zh ? '1 小时后' : 'In 1 hour' }).click();
      await expect
        .poll(() => page.getByTestId('status').innerText())
        .toBe(zh ? '已延后' : 'Snoozed');
      const after = await app.api('GET', `/api/v1/conversations/${c.id}`, { session: t.agent });
      expect(after.body.status).toBe('snoozed');
      // typing a z in the reply box is just a letter
      await page.getByTestId('composer').fill('');
      await page.getByTestId('composer').press('z');
      expect(await page.getByTestId('composer').inputValue()).toBe('z');
      expect(await page.getByRole('dialog').count()).toBe(0);
      expect(problems).toEqual([]);
    });
  }
});

async function displayId(t: Awaited<ReturnType<typeof team>>, id: string): Promise<number> {
  return (await app.api('GET', `/api/v1/conversations/${id}`, { session: t.agent })).body.displayId;
}
