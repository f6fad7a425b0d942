/**
 * The conversation's sidebar in real Chromium (issue 14 item 9), zh and en: the AI assist shows the
 * intent in words (order_status → 订单状态 / Order status, oos → 其他问题 / Other question), the
 * summary in four labelled parts in the console's language, and suggested replies that use the
 * order number the customer gave instead of asking for it; while the conversation waits in the
 * queue, its position and the time waited. Setup: console.browser-harness.ts (bot off, nobody
 * online: customers wait in the queue).
 */
import { describe, expect, it } from 'vitest';
import { screenshot } from '../../server/test/browser.ts';
import {
  acct,
  app,
  loginWithCookie,
  newContext,
  openPage,
  setupConsoleSuite,
  visitorSays,
} from './console.browser-harness.ts';

setupConsoleSuite();

const analysed = (messageId: string) =>
  expect
    .poll(
      async () =>
        !!(await app.services.database.db
          .selectFrom('message_analyses')
          .select('message_id')
          .where('message_id', '=', messageId)
          .executeTakeFirst()),
      { timeout: 30_000 },
    )
    .toBe(true);

describe('the conversation sidebar: assist in words, the queue', () => {
  for (const lang of ['zh', 'en'] as const) {
    const L =
      lang === 'zh'
        ? {
            locale: 'zh-CN',
            waiting: '在吗？',
            question: '我的订单 20261120001 到哪了？',
            intent: '订单状态',
            parts: ['问题', '已尝试', '状态', '下一步'],
            tried: '暂无',
            status: '等待客服回复',
            next: '查询订单 20261120001 的物流并告知客户',
            asks: /订单号/,
            position: (n: number, total: number) => `排队第 ${n} 位，共 ${total} 位`,
            waited: /^已等待 (\d+ 秒|\d+ 分 \d\d 秒)$/,
            offTopic: '今天天气怎么样',
            other: '其他问题',
          }
        : {
            locale: 'en-US',
            waiting: 'hello?',
            question: 'Where is my order 20261120001? It has not arrived.',
            intent: 'Order status',
            parts: ['Problem', 'Tried', 'Status', 'Next step'],
            tried: 'nothing yet',
            status: "waiting for an agent's reply",
            next: 'Check the tracking of order 20261120001 and tell the customer',
            asks: /share your order number|order number\?/i,
            position: (n: number, total: number) => `Position ${n} of ${total}`,
            waited: /^Waiting for (\d+ s|\d+ min \d\d s)$/,
            offTopic: 'what is the weather today',
            other: 'Other question',
          };

    it(`${lang}: intent in words, a four-part summary, no reply asks for the order number again, the queue position and time waited`, async () => {
      const ctx = await newContext({ locale: L.locale });
      const agent = await app.login(acct.users.agent.email, acct.users.agent.password);
      await loginWithCookie(ctx, agent);
      const { page, problems } = await openPage(ctx);

      // Someone already waits; then our customer gives the order number.
      const first = await app.visitor(acct.inboxToken);
      await visitorSays(first.token, L.waiting, `${lang}-first`);
      const v = await app.visitor(acct.inboxToken);
      const sent = await visitorSays(v.token, L.question, `${lang}-q`);
      await analysed(sent.message.id);
      const id = sent.conversation.id;
      await page.goto(`${app.url}/app/c/${id}`);

      const assist = page.locator('[data-testid=assist]');
      await expect
        .poll(() => assist.locator('[data-testid=assist-intent]').innerText(), { timeout: 15_000 })
        .toBe(L.intent);
      const summary = assist.locator('[data-testid=assist-summary]');
      expect(await summary.locator('dt').allInnerTexts()).toEqual(L.parts);
      const dd = await summary.locator('dd').allInnerTexts();
      expect(dd[0]).toContain('20261120001');
      expect(dd.slice(1)).toEqual([L.tried, L.status, L.next]);
      const suggestions = await assist.locator('.suggestion').allInnerTexts();
      expect(suggestions.length).toBeGreaterThan(0);
      expect(suggestions[0]).toContain('20261120001');
      for (const s of suggestions) expect(s).not.toMatch(L.asks);

      const queue = page.locator('[data-testid=queue-panel]');
      await queue.waitFor();
      const api = await app.api('GET', `/api/v1/conversations/${id}/queue`, { session: agent });
      expect(api.body.position).toBeGreaterThanOrEqual(2);
      await expect
        .poll(() => queue.locator('strong').innerText())
        .toBe(L.position(api.body.position, api.body.queueLength));
      expect(await queue.locator('[data-testid=queue-waited]').innerText()).toMatch(L.waited);
      await screenshot(page, `console-${lang}-sidebar-assist-queue-desktop`);

      // Taken by an agent: no longer in the queue, the panel goes.
      const taken = await app.api('POST', `/api/v1/conversations/${id}/assignment`, {
        session: agent,
        body: { assigneeId: acct.users.agent.id },
      });
      expect(taken.status).toBe(200);
      await queue.waitFor({ state: 'detached' });

      // An off-topic question: the intent reads "other question", not "oos".
      const w = await app.visitor(acct.inboxToken);
      const off = await visitorSays(w.token, L.offTopic, `${lang}-off`);
      await analysed(off.message.id);
      await page.goto(`${app.url}/app/c/${off.conversation.id}`);
      await expect
        .poll(() => assist.locator('[data-testid=assist-intent]').innerText(), { timeout: 15_000 })
        .toBe(L.other);
      await screenshot(page, `console-${lang}-sidebar-intent-other-desktop`);
      expect(problems).toEqual([]);
    });
  }
});
