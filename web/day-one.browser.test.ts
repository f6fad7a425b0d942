/**
 * Issue 14's end-to-end scenario, in both languages, with the real widget on a shop page and the
 * real console in one test: a visitor asks the bot, gets an answer from the knowledge base, asks for a
 * person; the agent finds the conversation, takes it, replies with a canned response (filled in, in
 * the customer's language), resolves; the visitor rates the service. Every step asserts what the
 * person sees on screen, and each leaves a screenshot (day-one-<lang>-<step>).
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateInbox } from '../server/core/commands/accounts.ts';
import { execute } from '../server/core/commands/context.ts';
import { systemActor } from '../server/core/policies/actor.ts';
import { seedCannedDemo } from '../server/features/canned/seed.ts';
import { screenshot } from '../server/test/browser.ts';
import {
  acct,
  app,
  conversationOf,
  newVisitor,
  openWidget,
  send,
  startWidgetHarness,
  stopWidgetHarness,
  widget,
} from './widget/widget.browser-harness.ts';

const contexts: BrowserContext[] = [];

beforeAll(async () => {
  await startWidgetHarness();
  // The demo set-up a new team gets: the bot answers from the demo knowledge, canned replies exist.
  await execute(app.services, systemActor(acct.accountId, 'seed'), updateInbox, {
    inboxId: acct.inboxId,
    settings: { bot: { mode: 'on', demoKnowledge: true } },
  });
  await seedCannedDemo(app.services, { accountId: acct.accountId } as never);
});
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await stopWidgetHarness();
});

interface Lang {
  page: 'en' | 'zh-CN';
  locale: string;
  question: string;
  /** Words of the knowledge-base answer the visitor must see. */
  answer: RegExp;
  talkToHuman: string;
  handedOver: RegExp;
  console: { unassigned: RegExp; assignMe: string; resolved: string };
  greeting: (agentName: string) => string;
  rate: RegExp;
  submit: string;
  thanks: RegExp;
}

const LANGS: Lang[] = [
  {
    page: 'en',
    locale: 'en-US',
    question: 'Where is my order? How do I track my package?',
    answer: /My orders/,
    talkToHuman: 'Talk to a human',
    handedOver: /human agent|person/i,
    console: { unassigned: /^Unassigned/, assignMe: 'Assign to me', resolved: 'Resolved' },
    greeting: (name) => `Hi, this is ${name}, happy to help!`,
    rate: /^5 stars/,
    submit: 'Send rating',
    thanks: /Thank/,
  },
  {
    page: 'zh-CN',
    locale: 'zh-CN',
    question: '我的快递到哪了？怎么查询订单物流？',
    answer: /我的订单/,
    talkToHuman: '转人工客服',
    handedOver: /人工/,
    console: { unassigned: /^未分配/, assignMe: '分配给我', resolved: '已解决' },
    greeting: (name) => `您好，我是客服${name}，很高兴为您服务！`,
    rate: /^5 星/,
    submit: '提交评价',
    thanks: /感谢您的评价/,
  },
];

async function signIn(locale: string): Promise<Page> {
  const { context, page } = await newVisitor({ locale, viewport: { width: 1440, height: 900 } });
  contexts.push(context);
  await page.goto(`${app.url}/app/`);
  await page.locator('input[type=email]').fill(acct.users.agent.email);
  await page.locator('input[type=password]').fill(acct.users.agent.password);
  await page.locator('button[type=submit]').click();
  await page.locator('.topbar').waitFor();
  return page;
}

describe('day one: visitor → bot → handover → agent → canned reply → resolve → rating', () => {
  for (const L of LANGS)
    it(`in ${L.page}`, async () => {
      const tag = L.page === 'en' ? 'en' : 'zh';
      const agentSession = await app.login(acct.users.agent.email, acct.users.agent.password);
      const agentName = (await app.api('GET', '/api/v1/me', { session: agentSession })).body.user
        .name as string;
      // Away: nothing is assigned automatically, so the agent takes the conversation herself.
      await app.api('PATCH', '/api/v1/me', {
        session: agentSession,
        body: { availability: 'away' },
      });

      // 1. The visitor asks; the bot answers from the knowledge base.
      const { context, page: shop } = await newVisitor({ locale: L.locale });
      contexts.push(context);
      await openWidget(shop, L.page);
      await send(shop, L.question);
      await widget(shop).locator('.k-theirs .k-text', { hasText: L.answer }).first().waitFor();
      await screenshot(shop, `day-one-${tag}-1-bot-answer`);

      // 2. The visitor asks for a person and is told one is coming.
      await widget(shop).getByRole('button', { name: L.talkToHuman }).click();
      await widget(shop).locator('.k-sys', { hasText: L.handedOver }).first().waitFor();
      await screenshot(shop, `day-one-${tag}-2-handover`);

      // 3. The agent finds the conversation among the unassigned ones and takes it.
      const desk = await signIn(L.locale);
      await desk.getByRole('button', { name: L.console.unassigned }).first().click();
      const conversationId = await conversationOf(L.question);
      // The unassigned list shows the waiting conversation (its newest line is the handover notice).
      const row = desk.locator('[data-testid=conversation-row]').first();
      await row.waitFor();
      await screenshot(desk, `day-one-${tag}-3-inbox`);
      await row.click();
      await desk.waitForURL(`**/app/c/${conversationId}`);
      await desk.locator('[data-testid=message]', { hasText: L.question }).first().waitFor();
      await desk.getByRole('button', { name: L.console.assignMe }).click();
      await expect
        .poll(() => desk.locator('[data-testid=assignee]').innerText())
        .toContain(agentName);

      // 4. A canned reply, filled in for this customer, in the customer's language.
      const composer = desk.locator('[data-testid=composer]');
      await composer.fill('/hel');
      await desk.locator('[role=option]', { hasText: 'hello' }).first().waitFor();
      await composer.press('Enter');
      await expect.poll(() => composer.inputValue()).toBe(L.greeting(agentName));
      await composer.press('Enter');
      await widget(shop)
        .locator('.k-theirs .k-text', { hasText: L.greeting(agentName) })
        .waitFor();
      await screenshot(desk, `day-one-${tag}-4-agent-reply`);
      await screenshot(shop, `day-one-${tag}-4-visitor-sees-reply`);
      const seen = await widget(shop).locator('.k-theirs .k-text').allInnerTexts();
      expect(seen.join('\n')).not.toMatch(/\{\{|\}\}/); // no raw placeholder reaches the customer

      // 5. The agent resolves; the visitor is asked to rate, rates, and is thanked.
      await desk.locator('[data-testid=resolve]').click();
      await expect
        .poll(() => desk.locator('[data-testid=status]').innerText())
        .toBe(L.console.resolved);
      const card = widget(shop).locator('.k-csat');
      await card.waitFor();
      await card.getByRole('radio', { name: L.rate }).click();
      await card.getByRole('button', { name: L.submit }).click();
      await widget(shop).locator('.k-thanks', { hasText: L.thanks }).waitFor();
      await screenshot(shop, `day-one-${tag}-5-rated`);
      await desk.locator('[data-kind=csat]').waitFor(); // the rating shows in the agent's conversation
      await screenshot(desk, `day-one-${tag}-5-agent-sees-rating`);
    });
});
