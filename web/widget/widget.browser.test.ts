/**
 * The chat widget in real Chromium: a demo shop page on another origin (http://127.0.0.1:<page port>)
 * embeds the snippet served by Kefu (http://localhost:<kefu port>); a visitor writes, an agent answers
 * through the REST API / agent socket, and we check what the visitor sees and what the server stored.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Frame, FrameLocator, Page } from 'playwright-core';
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execute } from '../../server/core/commands/context.ts';
import { sendMessage } from '../../server/core/commands/send-message.ts';
import { widgetSnippet } from '../../server/core/kit/contracts.ts';
import { rooms } from '../../server/core/realtime/gateway.ts';
import { launchBrowser, screenshot, seriousA11yViolations } from '../../server/test/browser.ts';
import { backgroundSettled } from '../../server/test/wait.ts';
import {
  testApp,
  waitFor,
  type SeededAccount,
  type Session,
  type TestApp,
} from '../../server/test/test-app.ts';

let app: TestApp;
let acct: SeededAccount;
let agent: Session;
let admin: Session;
let browser: Browser;
let pageServer: Server;
let KEFU: string;
let PAGE: string;
let FOREIGN: string;
const cspErrors: string[] = [];
const ARTICLE_CONTEXT = {
  articleId: '0190f0a0-0000-7000-8000-0000000000a1',
  title: 'How do I track my parcel?',
  url: 'https://shop.example/help/articles/a1',
  locale: 'en',
};

function demoPage(lang: string, pre = false) {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Demo shop</title></head><body style="font-family:sans-serif;margin:0;padding:24px;background:#fafafa">
<h1>${lang === 'en' ? 'Demo shop' : '演示商店'}</h1><p>${lang === 'en' ? 'Blue headphones — ¥299' : '蓝牙耳机 ¥299'}</p>
${pre ? `<script src="/pre.js"></script>` : ''}
${widgetSnippet(KEFU, acct.inboxToken)}
</body></html>`;
}

beforeAll(async () => {
  app = await testApp({
    RATE_LIMIT_WIDGET_SESSIONS_PER_MIN: '500',
    RATE_LIMIT_MESSAGES_PER_MIN: '500',
  });
  acct = await app.seedAccount();
  agent = await app.login(acct.users.agent.email, acct.users.agent.password);
  admin = await app.login(acct.users.owner.email, acct.users.owner.password);
  await app.api('PATCH', '/api/v1/me', { session: agent, body: { availability: 'online' } });
  KEFU = app.url.replace('127.0.0.1', 'localhost');
  pageServer = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/evil.html') {
      // A foreign-origin frame inside the demo page tries to drive the widget and the loader.
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><script>
        setTimeout(function () {
          var w = parent.frames[0]; // the widget iframe
          if (w) w.postMessage({ kefu: 1, type: 'setLocale', locale: 'en' }, '*');
          if (w) w.postMessage({ kefu: 1, type: 'open' }, '*');
          parent.postMessage({ kefu: 1, type: 'unread', count: 9 }, '*');
          parent.postMessage({ kefu: 1, type: 'ready' }, '*');
          document.title = 'sent';
        }, 300);
      </script>`);
      return;
    }
    if (url.pathname === '/article') {
      // A help article embedding the widget with the article as context; its button opens the chat through `kefu:open`.
      const ctx = JSON.stringify(ARTICLE_CONTEXT).replace(/"/g, '&quot;');
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>Article</title></head><body>
<h1>${ARTICLE_CONTEXT.title}</h1><button id="need-help" type="button">Still need help? Chat with us</button>
<script src="/article.js"></script>
${widgetSnippet(KEFU, acct.inboxToken).replace('></script>', ` data-kefu-context="${ctx}" data-kefu-locale="en"></script>`)}
</body></html>`);
      return;
    }
    if (url.pathname === '/article.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(`document.getElementById('need-help').addEventListener('click', function () {
        window.dispatchEvent(new CustomEvent('kefu:open', { detail: { context: ${JSON.stringify(ARTICLE_CONTEXT)} } }));
      });`);
      return;
    }
    if (url.pathname === '/pricing') {
      // A page whose visitors get a proactive message after 2 s on it (page_view rule); page views reported at 2 s and 4 s.
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Pricing · Demo shop</title></head><body><h1>Pricing</h1>
${widgetSnippet(KEFU, acct.inboxToken).replace('></script>', ' data-kefu-page-view-at="2,4"></script>')}</body></html>`);
      return;
    }
    if (url.pathname === '/pre.js') {
      // Calls made before the loader arrives are queued and replayed.
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end("window.kefu = window.kefu || []; kefu.push(['setLocale', 'en'], ['open']);");
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(demoPage(url.searchParams.get('lang') ?? 'zh-CN', url.searchParams.has('pre')));
  });
  await new Promise<void>((r) => pageServer.listen(0, '127.0.0.1', () => r()));
  const port = (pageServer.address() as AddressInfo).port;
  PAGE = `http://127.0.0.1:${port}`;
  FOREIGN = `http://localhost:${port}`;
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => pageServer?.close(r));
  await app?.stop();
});

async function newVisitor(
  opts: { viewport?: { width: number; height: number }; locale?: string } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: opts.viewport ?? { width: 1280, height: 800 },
    locale: opts.locale ?? 'zh-CN',
    deviceScaleFactor: 1,
  });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/.test(m.text())) cspErrors.push(m.text());
  });
  return { context, page };
}

const widget = (page: Page): FrameLocator => page.frameLocator('#kefu-frame');
async function widgetFrame(page: Page): Promise<Frame> {
  const handle = await page.waitForSelector('#kefu-frame', { state: 'attached' });
  const frame = await handle.contentFrame();
  if (!frame) throw new Error('no widget frame');
  return frame;
}

async function openWidget(page: Page, lang = 'zh-CN') {
  await page.goto(`${PAGE}/?lang=${lang}`);
  await page.locator('#kefu-launcher').click();
  await widget(page).locator('textarea[aria-label]').waitFor({ state: 'visible' });
}

async function send(page: Page, text: string) {
  const box = widget(page).locator('.k-composer textarea');
  await box.fill(text);
  await box.press('Enter');
}

async function poll<T>(
  fn: () => Promise<T>,
  ok: (v: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  let v = await fn();
  while (!ok(v)) {
    if (Date.now() > end) throw new Error(`poll timed out; last value ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 100));
    v = await fn();
  }
  return v;
}

const incomingOf = (contentLike: string) =>
  app.services.database.db
    .selectFrom('messages')
    .selectAll()
    .where('account_id', '=', acct.accountId)
    .where('content', 'like', contentLike)
    .where('message_type', '=', 'incoming')
    .orderBy('seq')
    .execute();

async function conversationOf(text: string): Promise<string> {
  const rows = await poll(
    () => incomingOf(text),
    (r) => r.length > 0,
  );
  return rows[0].conversation_id;
}

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

describe('chat widget in Chromium', () => {
  it('visitor writes, agent replies (text only, safe links), typing and read receipts, history survives reload, unread badge and kefu.on', async () => {
    const { context, page } = await newVisitor();
    await openWidget(page);
    expect(await page.locator('#kefu-frame').getAttribute('src')).toContain(
      `${KEFU}/widget/app?inbox=`,
    );
    await send(page, '你好，我的订单 A1001 还没发货');
    const conversationId = await conversationOf('你好，我的订单 A1001%');
    await widget(page).locator('.k-mine .k-text', { hasText: '订单 A1001' }).waitFor();
    await widget(page).locator('.k-pending').waitFor({ state: 'detached' });

    // Agent typing reaches the visitor; the visitor's typing reaches the agent.
    const sock = await app.agentSocket(agent);
    await sock.timeout(5000).emitWithAck('conversation:join', { conversationId });
    const visitorTyping = waitFor(
      sock,
      'typing',
      (p: { from: { type: string } }) => p.from.type === 'contact',
    );
    await widget(page).locator('.k-composer textarea').pressSequentially('在吗', { delay: 20 });
    expect((await visitorTyping).from.type).toBe('contact');
    await sock.timeout(5000).emitWithAck('typing', { conversationId, typing: true });
    await widget(page).locator('.k-typing').waitFor();
    await widget(page).locator('.k-composer textarea').fill('');

    const reply = await app.api('POST', `/api/v1/conversations/${conversationId}/messages`, {
      session: agent,
      body: {
        content:
          '您好！请看 https://example.com/track?id=1 ，不要点 javascript:alert(1) 或 [这个](javascript:alert(2)) <img src=x onerror=alert(3)>',
      },
    });
    expect(reply.status).toBe(201);
    const theirs = widget(page).locator('.k-theirs .k-text').last();
    await theirs.waitFor();
    await widget(page).locator('.k-typing').waitFor({ state: 'detached' });
    expect(await theirs.textContent()).toContain('<img src=x onerror=alert(3)>');
    const links = await theirs.locator('a').evaluateAll((as) =>
      as.map((a) => ({
        href: a.getAttribute('href'),
        rel: a.getAttribute('rel'),
        target: a.getAttribute('target'),
      })),
    );
    expect(links).toEqual([
      { href: 'https://example.com/track?id=1', rel: 'noopener noreferrer', target: '_blank' },
    ]);
    expect(await widget(page).locator('img[src="x"]').count()).toBe(0);

    // The open widget marks the reply read (receipt to the agents)…
    const replySeq = reply.body.seq as number;
    await poll(
      async () =>
        Number(
          (
            await app.services.database.db
              .selectFrom('conversations')
              .select('contact_last_read_seq')
              .where('id', '=', conversationId)
              .executeTakeFirstOrThrow()
          ).contact_last_read_seq,
        ),
      (n) => n >= replySeq,
    );
    // …and when the agent reads → the visitor sees "已读".
    await app.api('POST', `/api/v1/conversations/${conversationId}/read`, {
      session: agent,
      body: {},
    });
    await widget(page).locator('.k-read').first().waitFor();

    // Reload: the session and history come back.
    await page.reload();
    await page.locator('#kefu-launcher').click();
    await widget(page).locator('.k-theirs .k-text', { hasText: 'example.com' }).waitFor();
    expect(await widget(page).locator('.k-mine .k-text', { hasText: '订单 A1001' }).count()).toBe(
      1,
    );
    // Sound toggle: off, and still off after a reload.
    await widget(page).getByRole('button', { name: '关闭提示音' }).click();
    await widget(page).locator('button[aria-pressed="false"]', { hasText: '' }).first().waitFor();
    await page.reload();
    await page.locator('#kefu-launcher').click();
    await widget(page).getByRole('button', { name: '开启提示音' }).waitFor();

    // Closed widget: a reply raises the badge and fires kefu.on('message').
    await page.evaluate(() => {
      (window as unknown as { got: unknown[] }).got = [];
      (
        window as unknown as { kefu: { on: (e: string, cb: (m: unknown) => void) => void } }
      ).kefu.on('message', (m) => (window as unknown as { got: unknown[] }).got.push(m));
    });
    await page.locator('#kefu-launcher').click();
    await page.locator('#kefu-frame').waitFor({ state: 'hidden' });
    await app.api('POST', `/api/v1/conversations/${conversationId}/messages`, {
      session: agent,
      body: { content: '还有其他问题吗？' },
    });
    await page.waitForFunction(
      () =>
        document.getElementById('kefu-unread')?.textContent === '1' &&
        document.getElementById('kefu-unread')?.style.display !== 'none',
    );
    const got = await page.evaluate(
      () => (window as unknown as { got: Array<{ content: string }> }).got,
    );
    expect(got.map((m) => m.content)).toEqual(['还有其他问题吗？']);
    await page.locator('#kefu-launcher').click();
    await page.waitForFunction(
      () => document.getElementById('kefu-unread')?.style.display === 'none',
    );
    await context.close();
  });

  it('"talk to a human" after a bot answer hands over and shows the notice at once', async () => {
    const { context, page } = await newVisitor({ locale: 'en-US' });
    await openWidget(page, 'en');
    await send(page, 'Where is my parcel?');
    const conversationId = await conversationOf('Where is my parcel?');
    await execute(app.services, { kind: 'system', accountId: acct.accountId }, sendMessage, {
      conversationId,
      content: 'Parcels usually arrive in 3–5 days.',
      asBot: true,
      attributes: { kind: 'bot_answer', articleIds: [], confidence: 0.8 },
    });
    await widget(page).locator('.k-theirs .k-who', { hasText: 'Assistant' }).waitFor();
    const button = widget(page).getByRole('button', { name: /Talk to a human/ });
    await button.waitFor();
    // The AI feedback endpoint may or may not exist: a 👍 either records or hides itself; never an error.
    await widget(page).getByRole('button', { name: 'Helpful', exact: true }).click();
    await widget(page)
      .getByRole('button', { name: 'Helpful', exact: true })
      .waitFor({ state: 'detached' });
    // "Did you mean" suggestions are buttons that ask the question for the visitor.
    await execute(app.services, { kind: 'system', accountId: acct.accountId }, sendMessage, {
      conversationId,
      content: 'Did you mean:',
      asBot: true,
      attributes: {
        kind: 'bot_suggestions',
        suggestions: [{ articleId: 'a1', title: 'How long does shipping take?' }],
      },
    });
    await widget(page)
      .locator('.k-suggest button', { hasText: 'How long does shipping take?' })
      .click();
    await poll(
      () => incomingOf('How long does shipping take?'),
      (r) => r.length === 1 && r[0].conversation_id === conversationId,
    );
    await button.click();
    await widget(page).locator('.k-sys', { hasText: 'human agent' }).waitFor();
    await button.waitFor({ state: 'detached' });
    const row = await app.services.database.db
      .selectFrom('conversations')
      .select('mode')
      .where('id', '=', conversationId)
      .executeTakeFirstOrThrow();
    expect(row.mode).toBe('human');
    await context.close();
  });

  it('after resolve the rating is offered once, stored, and not offered again', async () => {
    const { context, page } = await newVisitor();
    await openWidget(page);
    await send(page, '退货怎么办理？');
    const conversationId = await conversationOf('退货怎么办理？');
    await app.api('POST', `/api/v1/conversations/${conversationId}/messages`, {
      session: agent,
      body: { content: '已为您办理退货。' },
    });
    await app.api('PATCH', `/api/v1/conversations/${conversationId}`, {
      session: agent,
      body: { status: 'resolve' },
    });
    const card = widget(page).locator('.k-csat');
    await card.waitFor();
    await screenshot(page, 'widget-zh-csat-desktop');
    await card.getByRole('radio', { name: /^4 星/ }).click();
    await card.locator('textarea').fill('服务很快');
    await card.getByRole('button', { name: '提交评价' }).click();
    await widget(page).locator('.k-thanks', { hasText: '感谢您的评价' }).waitFor();
    const rows = await app.services.database.db
      .selectFrom('widget_csat')
      .selectAll()
      .where('conversation_id', '=', conversationId)
      .execute();
    expect(rows.map((r) => [Number(r.rating), r.comment])).toEqual([[4, '服务很快']]);
    await page.reload();
    await page.locator('#kefu-launcher').click();
    await widget(page).locator('.k-theirs .k-text', { hasText: '已为您办理退货' }).waitFor();
    await new Promise((r) => setTimeout(r, 500));
    expect(await widget(page).locator('.k-csat').count()).toBe(0);
    await context.close();
  });

  it('network loss: messages typed offline are sent once each, in order, after reconnect', async () => {
    const { context, page } = await newVisitor();
    await openWidget(page);
    await send(page, 'online-first');
    const conversationId = await conversationOf('online-first');
    await widget(page).locator('.k-pending').waitFor({ state: 'detached' });
    await context.setOffline(true);
    await widget(page).locator('[data-testid="reconnecting"]').waitFor();
    await send(page, 'offline-one');
    await send(page, 'offline-two');
    await widget(page).locator('.k-pending').nth(1).waitFor();
    await screenshot(page, 'widget-zh-reconnecting-desktop');
    // An agent answers meanwhile: the visitor gets it on resync.
    await app.api('POST', `/api/v1/conversations/${conversationId}/messages`, {
      session: agent,
      body: { content: 'while-you-were-away' },
    });
    await new Promise((r) => setTimeout(r, 800));
    await context.setOffline(false);
    await widget(page)
      .locator('[data-testid="reconnecting"]')
      .waitFor({ state: 'detached', timeout: 20_000 });
    const rows = await poll(
      () =>
        app.services.database.db
          .selectFrom('messages')
          .select(['content', 'seq'])
          .where('conversation_id', '=', conversationId)
          .where('message_type', '=', 'incoming')
          .orderBy('seq')
          .execute(),
      (r) => r.length >= 3,
      20_000,
    );
    await new Promise((r) => setTimeout(r, 500));
    const final = await app.services.database.db
      .selectFrom('messages')
      .select(['content'])
      .where('conversation_id', '=', conversationId)
      .where('message_type', '=', 'incoming')
      .orderBy('seq')
      .execute();
    expect(final.map((r) => r.content)).toEqual(['online-first', 'offline-one', 'offline-two']);
    expect(rows.length).toBe(3);
    await widget(page).locator('.k-theirs .k-text', { hasText: 'while-you-were-away' }).waitFor();
    await widget(page).locator('.k-pending').first().waitFor({ state: 'detached' });
    // The visitor's list is in seq order with nothing missing or doubled: the agent's reply got seq 2 while the visitor was offline.
    expect(await widget(page).locator('.k-msg .k-text').allTextContents()).toEqual([
      'online-first',
      'while-you-were-away',
      'offline-one',
      'offline-two',
    ]);
    await context.close();
  });

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

  it('pre-chat form and the offline form (nobody online)', async () => {
    await app.api('PATCH', `/api/v1/inboxes/${acct.inboxId}`, {
      session: admin,
      body: {
        settings: {
          preChatForm: { enabled: true, fields: ['name', 'email'], required: ['email'] },
        },
      },
    });
    try {
      const { context, page } = await newVisitor({ locale: 'en-US' });
      await page.goto(`${PAGE}/?lang=en`);
      await page.locator('#kefu-launcher').click();
      const form = widget(page).locator('.k-form'); // the composer is hidden behind the form
      await form.waitFor();
      await form.getByRole('button', { name: 'Start chat' }).click();
      await form.getByRole('alert').first().waitFor();
      await form.getByLabel('Name').fill('Lily');
      await form.getByLabel(/Email/).fill('lily@example.com');
      await form.getByRole('button', { name: 'Start chat' }).click();
      await widget(page).locator('.k-composer textarea').waitFor();
      const contact = await poll(
        () =>
          app.services.database.db
            .selectFrom('contacts')
            .select(['name', 'email'])
            .where('account_id', '=', acct.accountId)
            .where('email', '=', 'lily@example.com')
            .executeTakeFirst(),
        (c) => !!c,
      );
      expect(contact!.name).toBe('Lily');
      await context.close();

      await app.api('PATCH', '/api/v1/me', { session: agent, body: { availability: 'offline' } });
      const v2 = await newVisitor();
      await v2.page.goto(`${PAGE}/?lang=zh-CN`);
      await v2.page.locator('#kefu-launcher').click();
      const off = widget(v2.page).locator('.k-form');
      await off.getByRole('heading', { name: '客服暂时不在线' }).waitFor();
      await off.getByLabel(/姓名/).fill('赵六');
      await off.getByLabel(/邮箱/).fill('zhao@example.com');
      await off.getByLabel(/留言内容/).fill('请尽快回复我关于发票的问题');
      await screenshot(v2.page, 'widget-zh-offline-desktop');
      await off.getByRole('button', { name: '提交留言' }).click();
      await widget(v2.page).locator('.k-thanks').waitFor();
      const rows = await incomingOf('请尽快回复我关于发票的问题');
      expect(rows).toHaveLength(1);
      const c = await app.services.database.db
        .selectFrom('conversations')
        .innerJoin('contacts', 'contacts.id', 'conversations.contact_id')
        .select(['contacts.email', 'contacts.name'])
        .where('conversations.id', '=', rows[0].conversation_id)
        .executeTakeFirstOrThrow();
      expect(c).toEqual({ email: 'zhao@example.com', name: '赵六' });
      await v2.context.close();
    } finally {
      await app.api('PATCH', '/api/v1/me', { session: agent, body: { availability: 'online' } });
      await app.api('PATCH', `/api/v1/inboxes/${acct.inboxId}`, {
        session: admin,
        body: { settings: { preChatForm: { enabled: false, fields: [] } } },
      });
    }
  });

  it('identify() with an HMAC links the customer; attachments upload; queue position is shown', async () => {
    const { context, page } = await newVisitor({ locale: 'en-US' });
    await page.goto(`${PAGE}/?lang=en`);
    await page.waitForFunction(
      () => !!(window as unknown as { kefu?: { identify?: unknown } }).kefu?.identify,
    );
    const hash = createHmac('sha256', acct.hmacSecret).update('cust-777').digest('hex');
    await page.evaluate(
      (h) =>
        (
          window as unknown as { kefu: { identify: (i: unknown) => void; open: () => void } }
        ).kefu.identify({ id: 'cust-777', name: 'Grace', email: 'grace@example.com', hash: h }),
      hash,
    );
    await page.evaluate(() => (window as unknown as { kefu: { open: () => void } }).kefu.open());
    await widget(page).locator('.k-composer textarea').waitFor();
    await send(page, 'identified hello');
    const conversationId = await conversationOf('identified hello');
    const contact = await app.services.database.db
      .selectFrom('conversations')
      .innerJoin('contact_identities', 'contact_identities.contact_id', 'conversations.contact_id')
      .select(['contact_identities.kind', 'contact_identities.value'])
      .where('conversations.id', '=', conversationId)
      .where('contact_identities.kind', '=', 'external_id')
      .executeTakeFirst();
    expect(contact).toEqual({ kind: 'external_id', value: 'cust-777' });

    // A PNG through the paperclip: uploaded, attached, shown as an image.
    const png = Buffer.from(
      '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4b40000000049454e44ae426082',
      'hex',
    );
    await widget(page)
      .locator('input[type=file]')
      .setInputFiles({ name: 'receipt.png', mimeType: 'image/png', buffer: png });
    await widget(page).locator('.k-mine .k-att img[alt="receipt.png"]').last().waitFor();
    const att = await poll(
      () =>
        app.services.database.db
          .selectFrom('attachments')
          .select(['content_type', 'message_id'])
          .where('account_id', '=', acct.accountId)
          .where('file_name', '=', 'receipt.png')
          .executeTakeFirst(),
      (a) => !!a?.message_id,
    );
    expect(att!.content_type).toBe('image/png');

    // Queue position from the routing feature's visitor event.
    const row = await app.services.database.db
      .selectFrom('conversations')
      .select('contact_id')
      .where('id', '=', conversationId)
      .executeTakeFirstOrThrow();
    // The live routing feature emits its own updates for this conversation while the events of the
    // messages above are processed (on a loaded machine, seconds later): wait until every event is
    // dispatched so none lands after ours, then re-emit until ours is shown.
    await backgroundSettled(app.services.database.db, acct.accountId);
    const showQueue = async (status: Record<string, unknown>, visible: () => Promise<boolean>) => {
      for (let i = 0; i < 120 && !(await visible()); i++) {
        app.gateway.visitors
          .to(rooms.contact(row.contact_id))
          .emit('queue', { conversationId, ...status });
        await new Promise((r) => setTimeout(r, 250));
      }
    };
    await showQueue({ position: 3, estimatedWaitSeconds: 240, overflow: null }, () =>
      widget(page)
        .locator('[data-testid="queue"]', {
          hasText: 'You are number 3 in the queue, about 4 minutes',
        })
        .isVisible(),
    );
    await widget(page)
      .locator('[data-testid="queue"]', {
        hasText: 'You are number 3 in the queue, about 4 minutes',
      })
      .waitFor();
    // Overflow: the visitor may leave a message instead of waiting.
    await showQueue({ position: 3, estimatedWaitSeconds: 240, overflow: 'leave_message' }, () =>
      widget(page)
        .getByRole('button', { name: /Leave a message/ })
        .isVisible(),
    );
    await widget(page)
      .getByRole('button', { name: /Leave a message/ })
      .click();
    await widget(page).locator('.k-form').getByRole('heading').waitFor();
    await context.close();
  });

  it('knowledge-base search before a chat and article suggestions while typing', async () => {
    const created = await app.api('POST', '/api/v1/kb/articles', {
      session: admin,
      body: {
        title: 'How do I return an item?',
        answer: 'Open your order and choose "Return". Refunds take 3 days.',
        locale: 'en',
        status: 'published',
        keywords: ['return', 'refund'],
        similarQuestions: ['can I get a refund'],
      },
    });
    expect(created.status).toBe(201);
    const { context, page } = await newVisitor({ locale: 'en-US' });
    await openWidget(page, 'en');
    const search = widget(page).getByRole('searchbox', { name: 'Search help articles' });
    await search.fill('return an item');
    const link = widget(page).locator('.k-search .k-articles a', {
      hasText: 'How do I return an item?',
    });
    await link.waitFor();
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(await link.getAttribute('href')).toMatch(/^https?:\/\//);
    await widget(page).locator('.k-composer textarea').fill('can I get a refund for my order');
    await widget(page)
      .locator('.k-composer-wrap .k-articles a', { hasText: 'How do I return an item?' })
      .waitFor();
    await screenshot(page, 'widget-en-articles-desktop');
    await context.close();
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
