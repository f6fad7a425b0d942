/**
 * Canned replies in real Chromium (issue 14): an agent types "/hel", Enter, Enter; the customer
 * receives the reply in their own language with the agent's name filled in — an English customer
 * from the English console, a Chinese customer from the Chinese console. A reply with a variable
 * that cannot be filled is shown to the agent, named, and not sent until edited.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  acct,
  app,
  loginWithCookie,
  messageTexts,
  newContext,
  openPage,
  setupConsoleSuite,
  visitorSays,
  visitorSees,
} from './console.browser-harness.ts';

setupConsoleSuite();

let agentName: string;
let cannedId: (code: string) => Promise<string>;

beforeAll(async () => {
  const owner = await app.login(acct.users.owner.email, acct.users.owner.password);
  agentName = (
    await app.services.database.db
      .selectFrom('users')
      .select('name')
      .where('id', '=', acct.users.agent.id)
      .executeTakeFirstOrThrow()
  ).name;
  cannedId = async (code) =>
    (await app.api('GET', `/api/v1/canned-responses?q=${code}`, { session: owner })).body.data.find(
      (c: { shortCode: string }) => c.shortCode === code,
    ).id;
  // the suite's "hello" becomes the demo's: one text per language, with the agent's name
  const patched = await app.api('PATCH', `/api/v1/canned-responses/${await cannedId('hello')}`, {
    session: owner,
    body: {
      texts: {
        'zh-CN': '您好，我是客服{{agent.name}}，很高兴为您服务！',
        en: 'Hi, this is {{agent.name}}, happy to help!',
      },
    },
  });
  expect(patched.status).toBe(200);
  const mail = await app.api('POST', '/api/v1/canned-responses', {
    session: owner,
    body: {
      shortCode: 'mail',
      texts: {
        'zh-CN': '我们已把确认邮件发到 {{contact.email}}，{{agnet.name}}',
        en: 'We sent the confirmation to {{contact.email}}, {{agnet.name}}',
      },
    },
  });
  expect(mail.status).toBe(201);
});

/** A widget visitor whose browser speaks `locale` and who writes `text`. */
async function customer(locale: 'en' | 'zh-CN', text: string) {
  const s = await app.api('POST', '/widget/v1/sessions', {
    body: { inboxToken: acct.inboxToken, locale },
  });
  const token = s.body.visitorToken as string;
  const first = await visitorSays(token, text, `c-${locale}-${Math.random()}`);
  return { token, conversationId: first.conversation.id };
}

/** The agent's console (in `uiLocale`) on one conversation. */
async function agentOn(uiLocale: string, conversationId: string, customerText: string) {
  const ctx = await newContext({ locale: uiLocale });
  const { page, problems } = await openPage(ctx);
  await loginWithCookie(ctx, await app.login(acct.users.agent.email, acct.users.agent.password));
  await page.goto(`${app.url}/app/c/${conversationId}`);
  await expect.poll(() => messageTexts(page)).toContain(customerText);
  return { page, problems, composer: page.locator('[data-testid=composer]') };
}

async function pickWithEnter(page: Page, typed: string, code: string) {
  const composer = page.locator('[data-testid=composer]');
  await composer.fill(typed);
  await page.locator('[role=option]', { hasText: `/${code}` }).waitFor();
  await composer.press('Enter');
}

describe('canned replies reach the customer filled in and in their language', () => {
  it('English console, English customer: "/hel", Enter, Enter sends only the English text', async () => {
    const c = await customer('en', 'Hi, I need help with my order');
    const { page, problems, composer } = await agentOn(
      'en-US',
      c.conversationId,
      'Hi, I need help with my order',
    );
    await pickWithEnter(page, '/hel', 'hello');
    const expected = `Hi, this is ${agentName}, happy to help!`;
    await expect.poll(() => composer.inputValue()).toBe(expected);
    await composer.press('Enter');
    await expect.poll(() => visitorSees(c.token)).toContain(expected);
    const seen = (await visitorSees(c.token)).join('\n');
    expect(seen).not.toMatch(/\{\{|您好/);
    expect(await page.locator('[data-testid=unfilled-variables]').count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it('Chinese console, Chinese customer: "/hel", Enter, Enter sends only the Chinese text', async () => {
    const c = await customer('zh-CN', '你好，我的订单还没有到');
    const { page, problems, composer } = await agentOn(
      'zh-CN',
      c.conversationId,
      '你好，我的订单还没有到',
    );
    await expect.poll(() => composer.getAttribute('placeholder')).toContain('快捷回复');
    await pickWithEnter(page, '/hel', 'hello');
    const expected = `您好，我是客服${agentName}，很高兴为您服务！`;
    await expect.poll(() => composer.inputValue()).toBe(expected);
    await composer.press('Enter');
    await expect.poll(() => visitorSees(c.token)).toContain(expected);
    const seen = (await visitorSees(c.token)).join('\n');
    expect(seen).not.toMatch(/\{\{|Hi, this is/);
    expect(problems).toEqual([]);
  });
});

describe('a variable that cannot be filled', () => {
  it('is named in the English console, blocks the send, and is never sent raw', async () => {
    const c = await customer('en', 'Did you get my order?'); // an anonymous visitor: no email
    const { page, composer } = await agentOn('en-US', c.conversationId, 'Did you get my order?');
    await pickWithEnter(page, '/mai', 'mail');
    await expect
      .poll(() => composer.inputValue())
      .toBe('We sent the confirmation to {{contact.email}}, {{agnet.name}}');
    const warning = page.locator('[data-testid=unfilled-variables]');
    await warning.waitFor();
    expect(await warning.innerText()).toContain(
      '{{contact.email}} this customer has no value for it',
    );
    expect(await warning.innerText()).toContain('{{agnet.name}} no such variable');
    expect(await composer.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('[data-testid=send]').isDisabled()).toBe(true);
    await composer.press('Enter'); // refused: nothing is sent
    expect(await composer.inputValue()).toContain('{{contact.email}}');

    // the agent edits: a click on a variable selects it in the reply, typing replaces it
    await warning.getByRole('button', { name: 'Select {{contact.email}} in the reply' }).click();
    await page.keyboard.type('your address');
    await expect.poll(() => warning.innerText()).not.toContain('contact.email');
    await warning.getByRole('button', { name: 'Select {{agnet.name}} in the reply' }).click();
    await page.keyboard.type(agentName);
    await expect.poll(() => warning.count()).toBe(0);
    await composer.press('Enter');
    const edited = `We sent the confirmation to your address, ${agentName}`;
    await expect.poll(() => visitorSees(c.token)).toContain(edited);
    const seen = await visitorSees(c.token);
    expect(seen.join('\n')).not.toContain('{{');
    expect(seen.filter((m) => m.startsWith('We sent'))).toEqual([edited]);
  });

  it('is named in the Chinese console; a typed placeholder is filled in on request', async () => {
    const c = await customer('zh-CN', '请问收到我的订单了吗？');
    const { page, composer } = await agentOn('zh-CN', c.conversationId, '请问收到我的订单了吗？');
    await pickWithEnter(page, '/mai', 'mail');
    const warning = page.locator('[data-testid=unfilled-variables]');
    await warning.waitFor();
    const text = await warning.innerText();
    expect(text).toContain('以下变量未能填写');
    expect(text).toContain('{{contact.email}} 该客户没有这项信息');
    expect(text).toContain('{{agnet.name}} 没有这个变量');
    expect(await page.locator('[data-testid=send]').isDisabled()).toBe(true);

    // the agent writes their own reply with a variable: "fill in variables" fills it
    await composer.fill('好的，我是{{agent.name}}，马上为您查询。');
    await expect.poll(() => warning.innerText()).toContain('尚未填写');
    await warning.getByRole('button', { name: '重新填写变量' }).click();
    const filled = `好的，我是${agentName}，马上为您查询。`;
    await expect.poll(() => composer.inputValue()).toBe(filled);
    await expect.poll(() => warning.count()).toBe(0);
    await composer.press('Enter');
    await expect.poll(() => visitorSees(c.token)).toContain(filled);
    expect((await visitorSees(c.token)).join('\n')).not.toMatch(/\{\{|确认邮件/);
  });
});

describe('the settings page', () => {
  it('edits the text of each language (Chinese console), and shows a missing one (English console)', async () => {
    const owner = await app.login(acct.users.owner.email, acct.users.owner.password);
    const zhCtx = await newContext({ locale: 'zh-CN' });
    const { page, problems } = await openPage(zhCtx);
    await loginWithCookie(zhCtx, owner);
    await page.goto(`${app.url}/app/settings/canned`);
    await page.getByLabel('短代码').first().fill('wait');
    await page.getByRole('button', { name: '创建' }).click(); // no text in any language
    await page.getByText('请至少填写一种语言的内容。').waitFor();
    await page.getByLabel('中文内容').first().fill('请稍等，{{agent.name}}正在为您查询。');
    await page.getByRole('button', { name: '创建' }).click();
    const row = page.locator('[data-testid=canned-row]', { hasText: '/wait' });
    await row.waitFor();
    expect(await row.innerText()).toContain('请稍等，{{agent.name}}正在为您查询。');
    expect(await row.innerText()).toContain('未填写：这些客户会收到另一种语言的版本');

    const enCtx = await newContext({ locale: 'en-US' });
    const en = await openPage(enCtx);
    await loginWithCookie(enCtx, owner);
    await en.page.goto(`${app.url}/app/settings/canned`);
    const enRow = en.page.locator('[data-testid=canned-row]', { hasText: '/wait' });
    await enRow.waitFor();
    expect(await enRow.innerText()).toContain(
      "English text: none: these customers get the other language's text",
    );
    await enRow.getByRole('button', { name: 'Edit /wait' }).click();
    const form = en.page.locator('[data-testid=canned-row] form'); // the row being edited
    await form.getByLabel('English text').fill('One moment, {{agent.name}} is looking into it.');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => en.page.locator('[data-testid=canned-row]', { hasText: '/wait' }).innerText())
      .toContain('English text: One moment, {{agent.name}} is looking into it.');
    const stored = (
      await app.api('GET', '/api/v1/canned-responses?q=wait', { session: owner })
    ).body.data.find((c: { shortCode: string }) => c.shortCode === 'wait');
    expect(stored.texts).toEqual({
      'zh-CN': '请稍等，{{agent.name}}正在为您查询。',
      en: 'One moment, {{agent.name}} is looking into it.',
    });
    expect([...problems, ...en.problems]).toEqual([]);
  });
});
