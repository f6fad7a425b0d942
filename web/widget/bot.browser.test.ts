/**
 * The bot in the chat widget, in real Chromium (issue 14 item 7), zh and en: an answer shows where
 * it comes from ("来源：<title>" / "Source: <title>") linked to the help-center article, which opens;
 * an off-topic question gets "I can't answer that, shall I get a person?" with yes / no quick
 * replies instead of unrelated "did you mean" articles — no keeps the bot, yes hands over. The bot
 * runs for real (analysis, retrieval over the account's published articles). Setup:
 * widget.browser-harness.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateInbox } from '../../server/core/commands/accounts.ts';
import { execute } from '../../server/core/commands/context.ts';
import { systemActor } from '../../server/core/policies/actor.ts';
import { screenshot } from '../../server/test/browser.ts';
import {
  acct,
  admin,
  app,
  conversationOf,
  cspErrors,
  newVisitor,
  openWidget,
  poll,
  send,
  startWidgetHarness,
  stopWidgetHarness,
  widget,
} from './widget.browser-harness.ts';

const ARTICLES = [
  {
    locale: 'zh-CN',
    title: '如何修改收货地址？',
    answer: '发货前可在「我的订单」中点「修改地址」。已发货的订单请联系快递员改派。',
    similarQuestions: ['怎么改收货地址', '收货地址填错了', '下单后能改地址吗', '地址写错了怎么办'],
    keywords: ['地址', '收货地址', '改地址'],
  },
  {
    locale: 'zh-CN',
    title: '怎么开发票？',
    answer: '在「我的订单」中点「申请开票」，电子发票会发到您的邮箱。',
    similarQuestions: ['怎么开发票', '发票在哪里开', '能开增值税发票吗'],
    keywords: ['发票', '开票'],
  },
  {
    locale: 'en',
    title: 'How do I change my delivery address?',
    answer:
      'Before shipping, open "My orders" and choose "Change address". After shipping, ask the courier to redirect it.',
    similarQuestions: [
      'change my delivery address',
      'I entered the wrong delivery address',
      'can I change the address after ordering',
      'wrong shipping address',
    ],
    keywords: ['address', 'delivery address', 'shipping address'],
  },
  {
    locale: 'en',
    title: 'How do I get an invoice?',
    answer: 'Open "My orders" and choose "Request invoice"; the e-invoice is sent to your email.',
    similarQuestions: ['how do I get an invoice', 'where can I download my invoice', 'VAT invoice'],
    keywords: ['invoice', 'receipt'],
  },
];

beforeAll(async () => {
  await startWidgetHarness();
  await execute(app.services, systemActor(acct.accountId), updateInbox, {
    inboxId: acct.inboxId,
    settings: { bot: { mode: 'on' } },
  });
  for (const a of ARTICLES) {
    const r = await app.api('POST', '/api/v1/kb/articles', {
      session: admin,
      body: { ...a, body: a.answer, status: 'published' },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
  }
});
afterAll(stopWidgetHarness);

const modeOf = async (conversationId: string) =>
  (
    await app.services.database.db
      .selectFrom('conversations')
      .select('mode')
      .where('id', '=', conversationId)
      .executeTakeFirstOrThrow()
  ).mode;

describe('the bot in the widget: sources and "shall I get a person?"', () => {
  for (const lang of ['zh', 'en'] as const) {
    const L =
      lang === 'zh'
        ? {
            browser: 'zh-CN',
            page: 'zh-CN',
            question: '收货地址填错了',
            title: '如何修改收货地址？',
            source: '来源：如何修改收货地址？',
            offTopic: '今天天气怎么样',
            offer: '抱歉，这个问题我暂时回答不了。需要为您转接人工客服吗？',
            yes: '是的，转人工',
            no: '不用了',
            stays: '好的，您可以换个说法再问我，或者问问其他问题。',
            offTopic2: '招聘兼职',
            handedOver: '人工客服',
          }
        : {
            browser: 'en-US',
            page: 'en',
            question: 'I entered the wrong delivery address',
            title: 'How do I change my delivery address?',
            source: 'Source: How do I change my delivery address?',
            offTopic: 'what is the weather today',
            offer: "Sorry, I can't answer that. Shall I get a person for you?",
            yes: 'Yes, get a person',
            no: 'No, thanks',
            stays: 'OK. You can ask me in other words, or ask me something else.',
            offTopic2: 'are you hiring part-time staff?',
            handedOver: 'human agent',
          };

    it(`${lang}: the answer links its help-center article; an off-topic question offers a person — no keeps the bot, yes hands over`, async () => {
      const { context, page } = await newVisitor({ locale: L.browser });
      await openWidget(page, L.page);
      const w = widget(page);

      // The answer, and under it where it comes from.
      await send(page, L.question);
      const conversationId = await conversationOf(L.question);
      const answer = w.locator('.k-theirs', { has: page.locator('.k-source') }).last();
      await answer.waitFor({ timeout: 60_000 });
      expect(await answer.locator('.k-source').innerText()).toBe(L.source);
      const link = answer.locator('.k-source a', { hasText: L.title });
      expect(await link.getAttribute('href')).toMatch(/^\/help\/[^/]+\/articles\/[0-9a-f-]{36}$/);
      await screenshot(page, `widget-${lang}-bot-source-desktop`);
      const [article] = await Promise.all([context.waitForEvent('page'), link.click()]);
      await article.waitForLoadState();
      expect(new URL(article.url()).pathname).toMatch(/^\/help\/[^/]+\/articles\//);
      expect(await article.locator('article h1').innerText()).toBe(L.title);
      await article.close();

      // Off topic: no "did you mean" list, the offer with its two quick replies.
      await send(page, L.offTopic);
      const offer = w.locator('.k-theirs', { hasText: L.offer }).last();
      await offer.waitFor({ timeout: 60_000 });
      await offer.getByRole('button', { name: L.yes }).waitFor();
      await offer.getByRole('button', { name: L.no }).waitFor();
      expect(await w.locator('.k-suggest:not(.k-offer)').count()).toBe(0);
      await screenshot(page, `widget-${lang}-bot-offer-desktop`);

      // No: the bot says so and stays; the quick replies are gone.
      await offer.getByRole('button', { name: L.no }).click();
      await w.locator('.k-mine .k-text', { hasText: L.no }).waitFor();
      await w.locator('.k-theirs .k-text', { hasText: L.stays }).waitFor({ timeout: 60_000 });
      expect(await w.locator('.k-offer').count()).toBe(0);
      expect(await modeOf(conversationId)).toBe('bot');

      // Another off-topic question, and yes: handed to a person.
      await send(page, L.offTopic2);
      const again = w.locator('.k-theirs', { hasText: L.offer }).last();
      await again.getByRole('button', { name: L.yes }).waitFor({ timeout: 60_000 });
      await again.getByRole('button', { name: L.yes }).click();
      await w.locator('.k-sys', { hasText: L.handedOver }).waitFor({ timeout: 60_000 });
      await poll(
        () => modeOf(conversationId),
        (m) => m === 'human',
      );
      expect(await w.locator('.k-offer').count()).toBe(0);
      await screenshot(page, `widget-${lang}-bot-offer-accepted-desktop`);
      expect(cspErrors).toEqual([]);
      await context.close();
    });
  }
});
