/**
 * Shared setup of the widget's browser suites (*.browser.test.ts here): a demo shop page on another
 * origin (http://127.0.0.1:<page port>) embeds the snippet served by Kefu (http://localhost:<kefu
 * port>); visitors are fresh Chromium contexts. Each suite starts its own test app in beforeAll
 * (startWidgetHarness) and stops it in afterAll; the exported `app`, `acct`, … are set from then
 * on.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Frame, FrameLocator, Page } from 'playwright-core';
import { widgetSnippet } from '../../server/core/kit/contracts.ts';
import { launchBrowser } from '../../server/test/browser.ts';
import {
  type SeededAccount,
  type Session,
  type TestApp,
  testApp,
} from '../../server/test/test-app.ts';

export let app: TestApp;
export let acct: SeededAccount;
export let agent: Session;
export let admin: Session;
let browser: Browser;
let pageServer: Server;
export let KEFU: string;
export let PAGE: string;
/** The demo page's host under another name: a foreign origin for the widget. */
export let FOREIGN: string;
/** Content Security Policy reports in any visitor's console (each suite checks it stays empty). */
export const cspErrors: string[] = [];
export const ARTICLE_CONTEXT = {
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

/**
 * For a suite's beforeAll: a fresh test app with a seeded account (agent online), the demo page
 * server and Chromium.
 */
export async function startWidgetHarness() {
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
}

/** For the suite's afterAll. */
export async function stopWidgetHarness() {
  await browser?.close();
  await new Promise((r) => pageServer?.close(r));
  await app?.stop();
}

export async function newVisitor(
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

export const widget = (page: Page): FrameLocator => page.frameLocator('#kefu-frame');
export async function widgetFrame(page: Page): Promise<Frame> {
  const handle = await page.waitForSelector('#kefu-frame', { state: 'attached' });
  const frame = await handle.contentFrame();
  if (!frame) throw new Error('no widget frame');
  return frame;
}

export async function openWidget(page: Page, lang = 'zh-CN') {
  await page.goto(`${PAGE}/?lang=${lang}`);
  await page.locator('#kefu-launcher').click();
  await widget(page).locator('textarea[aria-label]').waitFor({ state: 'visible' });
}

export async function send(page: Page, text: string) {
  const box = widget(page).locator('.k-composer textarea');
  await box.fill(text);
  await box.press('Enter');
}

export async function poll<T>(
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

export const incomingOf = (contentLike: string) =>
  app.services.database.db
    .selectFrom('messages')
    .selectAll()
    .where('account_id', '=', acct.accountId)
    .where('content', 'like', contentLike)
    .where('message_type', '=', 'incoming')
    .orderBy('seq')
    .execute();

export async function conversationOf(text: string): Promise<string> {
  const rows = await poll(
    () => incomingOf(text),
    (r) => r.length > 0,
  );
  return rows[0].conversation_id;
}
