/**
 * The chat widget in real Chromium, on the embedding page: postMessage from foreign origins, the
 * phone-sized panel with axe and screenshots, calls queued before the loader, page context
 * (data-kefu-context, kefu:open, setContext) and page views for proactive messages. Setup:
 * test-harness.ts.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Frame } from 'playwright-core';
import { screenshot, seriousA11yViolations } from '../../server/test/browser.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  app,
  acct,
  agent,
  admin,
  PAGE,
  FOREIGN,
  cspErrors,
  ARTICLE_CONTEXT,
  newVisitor,
  widget,
  widgetFrame,
  openWidget,
  send,
  poll,
  incomingOf,
  conversationOf,
  startWidgetHarness,
  stopWidgetHarness,
} from './widget.browser-harness.ts';

beforeAll(startWidgetHarness);
afterAll(stopWidgetHarness);

async function axeInFrame(frame: Frame) {
  const axe = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  await frame.evaluate(axe);
  const violations = await frame.evaluate(async () => {
    // @ts-expect-error injected above
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map(
      (v: { id: string; impact: string; help: string; nodes: unknown[] }) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.length,
      }),
    );
  });
  return (violations as Array<{ impact: string }>).filter(
    (v) => v.impact === 'serious' || v.impact === 'critical',
  );
}

describe('chat widget in Chromium: the embedding page', () => {
  it('ignores postMessage from a foreign origin (both directions)', async () => {
    const { context, page } = await newVisitor();
    await page.goto(`${PAGE}/?lang=zh-CN`);
    await widgetFrame(page);
    await page.waitForFunction(
      () => !!(window as unknown as { kefu?: { open?: unknown } }).kefu?.open,
    );
    await page.evaluate((src) => {
      const f = document.createElement('iframe');
      f.src = src;
      f.id = 'evil';
      document.body.appendChild(f);
    }, `${FOREIGN}/evil.html`);
    const evil = await (await page.waitForSelector('#evil')).contentFrame();
    await poll(
      async () => evil!.title().catch(() => ''),
      (t) => t === 'sent',
    );
    await page.evaluate(() => window.postMessage({ kefu: 1, type: 'unread', count: 5 }, '*')); // the page itself is not Kefu either
    await new Promise((r) => setTimeout(r, 500));
    expect(await page.locator('#kefu-unread').isVisible()).toBe(false);
    expect(await page.locator('#kefu-frame').isVisible()).toBe(false);
    await page.locator('#kefu-launcher').click();
    await widget(page).getByRole('button', { name: '发送', exact: true }).waitFor(); // still Chinese: setLocale from the foreign frame was ignored
    // The real API still works.
    await page.evaluate(() =>
      (window as unknown as { kefu: { setLocale: (l: string) => void } }).kefu.setLocale('en'),
    );
    await widget(page).getByRole('button', { name: 'Send', exact: true }).waitFor();
    await context.close();
  });

  it('works at 360×640 (full-screen panel), passes axe, and looks right in zh and en (screenshots)', async () => {
    for (const lang of ['zh-CN', 'en'] as const) {
      for (const device of ['desktop', 'phone'] as const) {
        const viewport =
          device === 'phone' ? { width: 360, height: 640 } : { width: 1280, height: 800 };
        const { context, page } = await newVisitor({
          viewport,
          locale: lang === 'en' ? 'en-US' : 'zh-CN',
        });
        await openWidget(page, lang);
        const text =
          lang === 'en'
            ? `Hi, can I change my delivery address? (${device})`
            : `你好，可以修改收货地址吗？（${device === 'phone' ? '手机' : '电脑'}）`;
        await send(page, text);
        const cid = await conversationOf(text);
        await app.api('POST', `/api/v1/conversations/${cid}/messages`, {
          session: agent,
          body: {
            content:
              lang === 'en'
                ? 'Sure — send me the new address and I will update order #1001.'
                : '可以的，请把新地址发给我，我帮您修改订单 #1001。',
          },
        });
        await widget(page).locator('.k-theirs .k-text').waitFor();
        const box = (await page.locator('#kefu-frame').boundingBox())!;
        if (device === 'phone') {
          expect(box).toMatchObject({ x: 0, y: 0, width: 360, height: 640 });
          const frame = await widgetFrame(page);
          const overflow = await frame.evaluate(
            () => document.documentElement.scrollWidth > document.documentElement.clientWidth,
          );
          expect(overflow).toBe(false);
          const composer = await frame.locator('.k-send').boundingBox();
          expect(composer!.x + composer!.width).toBeLessThanOrEqual(360);
        } else {
          expect(box.width).toBe(380);
        }
        await screenshot(page, `widget-${lang === 'en' ? 'en' : 'zh'}-${device}`);
        const violations = await axeInFrame(await widgetFrame(page));
        expect(violations, JSON.stringify(violations)).toEqual([]);
        const launcher = await seriousA11yViolations(page, '#kefu-launcher');
        expect(launcher, JSON.stringify(launcher)).toEqual([]);
        await context.close();
      }
    }
  });

  it('replays calls queued before the loader arrived (setLocale, open)', async () => {
    const { context, page } = await newVisitor();
    await page.goto(`${PAGE}/?lang=zh-CN&pre=1`);
    await widget(page).getByRole('button', { name: 'Send', exact: true }).waitFor();
    expect(await page.locator('#kefu-frame').isVisible()).toBe(true);
    expect(await page.locator('#kefu-launcher').getAttribute('aria-expanded')).toBe('true');
    await context.close();
  });

  it('a page with data-kefu-context and kefu:open: the chat opens about the article, and agents get the context', async () => {
    const { context, page } = await newVisitor({ locale: 'zh-CN' });
    await page.goto(`${PAGE}/article`);
    await page.waitForFunction(
      () => !!(window as unknown as { kefu?: { setContext?: unknown } }).kefu?.setContext,
    );
    expect(await page.locator('#kefu-frame').isVisible()).toBe(false);
    await page.locator('#need-help').click(); // dispatches kefu:open {context}
    const chip = widget(page).locator('[data-testid="context"]');
    await chip.waitFor();
    expect(await chip.textContent()).toBe('About: How do I track my parcel?'); // data-kefu-locale="en" wins over <html lang="zh-CN">
    expect(await page.locator('#kefu-launcher').getAttribute('aria-expanded')).toBe('true');
    await screenshot(page, 'widget-en-article-context');
    await send(page, 'The tracking page says nothing');
    const conversationId = await conversationOf('The tracking page says nothing');
    await chip.waitFor({ state: 'detached' });
    const row = await app.services.database.db
      .selectFrom('conversations')
      .select('custom_attributes')
      .where('id', '=', conversationId)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(row.custom_attributes)).toEqual({ context: ARTICLE_CONTEXT });
    const detail = await app.api('GET', `/api/v1/conversations/${conversationId}`, {
      session: agent,
    });
    expect(detail.body.customAttributes).toEqual({ context: ARTICLE_CONTEXT });
    const [first] = await incomingOf('The tracking page says nothing');
    expect(JSON.parse(first.content_attributes)).toEqual({ context: ARTICLE_CONTEXT });

    // A reload of the same article in the same conversation does not offer the same context again.
    await page.reload();
    await page.locator('#need-help').click();
    await widget(page)
      .locator('.k-mine .k-text', { hasText: 'The tracking page says nothing' })
      .waitFor();
    expect(await chip.count()).toBe(0);

    // kefu.setContext from any page: refused when malformed, shown as a chip, removable by the visitor.
    const results = await page.evaluate(() => {
      const k = (window as unknown as { kefu: { setContext: (c: unknown) => boolean } }).kefu;
      return [
        k.setContext({ nested: { a: 1 } }),
        k.setContext({ title: 'x'.repeat(501) }),
        k.setContext('SKU-1'),
        k.setContext({ productId: 'SKU-1', title: 'Blue headphones', price: 299 }),
      ];
    });
    expect(results).toEqual([false, false, false, true]);
    await widget(page).locator('[data-testid="context"]', { hasText: 'Blue headphones' }).waitFor();
    await widget(page).getByRole('button', { name: 'Do not attach this page' }).click();
    await chip.waitFor({ state: 'detached' });
    await send(page, 'one more question');
    const [second] = await poll(
      () => incomingOf('one more question'),
      (r) => r.length > 0,
    );
    expect(JSON.parse(second.content_attributes)).toEqual({});
    const after = await app.services.database.db
      .selectFrom('conversations')
      .select('custom_attributes')
      .where('id', '=', conversationId)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(after.custom_attributes)).toEqual({ context: ARTICLE_CONTEXT });
    await context.close();
  });

  it("reports page views: a visitor staying on /pricing gets the page_view rule's proactive message (badge, then in the chat)", async () => {
    const created = await app.api('POST', '/api/v1/automation/rules', {
      session: admin,
      body: {
        name: 'pricing help',
        event: 'page_view',
        trigger: { cooldownMinutes: 60 },
        conditions: {
          all: [
            { field: 'page.secondsOnPage', op: 'gte', value: 2 },
            { field: 'page.path', op: 'matches', value: '^/pricing' },
          ],
        },
        actions: [{ type: 'send_message', content: 'Need help choosing a plan?' }],
      },
    });
    expect(created.status).toBe(201);
    const ruleId = created.body.id as string;
    const contacts = async () =>
      Number(
        (
          await app.services.database.db
            .selectFrom('contacts')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('account_id', '=', acct.accountId)
            .executeTakeFirstOrThrow()
        ).n,
      );
    try {
      const before = await contacts();
      const { context, page } = await newVisitor({ locale: 'en-US' });
      const reports: Array<{ url: string; title?: string; secondsOnPage: number }> = [];
      page.on('request', (r) => {
        if (r.url().endsWith('/widget/v1/page-view'))
          reports.push(JSON.parse(r.postData() ?? '{}'));
      });
      // The first view of a new visitor creates nobody: the contact is made by the session the widget
      // asks for when it first reports (after 2 s on the page). Held at that request, nobody exists yet
      // (checked at that moment, not after a guessed delay: a loaded machine shifts every delay).
      let contactsAtFirstSession: number | null = null;
      await page.route('**/widget/v1/sessions', async (route) => {
        contactsAtFirstSession ??= await contacts();
        await route.continue();
      });
      await page.goto(`${PAGE}/pricing?plan=pro`);
      await widgetFrame(page);
      // After 2 s on the page: session, report, the rule fires; the closed widget shows the unread badge.
      await page.waitForFunction(
        () =>
          document.getElementById('kefu-unread')?.textContent === '1' &&
          document.getElementById('kefu-unread')?.style.display !== 'none',
        null,
        { timeout: 15_000 },
      );
      expect(reports[0]).toEqual({
        url: `${PAGE}/pricing?plan=pro`,
        title: 'Pricing · Demo shop',
        secondsOnPage: 2,
      });
      expect(contactsAtFirstSession).toBe(before);
      expect(await contacts()).toBe(before + 1);
      await page.locator('#kefu-launcher').click();
      await widget(page).locator('.k-list', { hasText: 'Need help choosing a plan?' }).waitFor(); // an automatic (system) message
      await poll(
        async () => reports.length,
        (n) => n >= 2,
        10_000,
      );
      expect(reports[1].secondsOnPage).toBe(4);
      // A reload (a returning visitor with a session) reports on load too; a single-page-app navigation restarts
      // the count; the cooldown keeps the rule quiet.
      reports.length = 0;
      await page.reload();
      await poll(
        async () => reports.length,
        (n) => n >= 2,
        10_000,
      );
      expect(reports.map((r) => r.secondsOnPage)).toEqual([0, 2]);
      await page.evaluate(() => history.pushState({}, '', '/pricing/enterprise'));
      await poll(
        async () => reports.length,
        (n) => n >= 4,
        10_000,
      );
      expect(reports.slice(2).map((r) => [r.url, r.secondsOnPage])).toEqual([
        [`${PAGE}/pricing/enterprise`, 0],
        [`${PAGE}/pricing/enterprise`, 2],
      ]);
      const rows = await app.services.database.db
        .selectFrom('messages')
        .select(['content', 'content_attributes'])
        .where('account_id', '=', acct.accountId)
        .where('content', '=', 'Need help choosing a plan?')
        .execute();
      expect(rows).toHaveLength(1);
      expect(JSON.parse(rows[0].content_attributes)).toMatchObject({
        kind: 'auto_reply',
        rule: ruleId,
      });
      await context.close();
    } finally {
      await app.api('DELETE', `/api/v1/automation/rules/${ruleId}`, { session: admin });
    }
  });

  it('no CSP violations were reported by the widget', () => {
    expect(cspErrors).toEqual([]);
  });
});
