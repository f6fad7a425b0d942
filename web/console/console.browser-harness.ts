/**
 * Shared setup of the console browser suites (console.browser.test.ts, console-inbox.browser.test.ts):
 * each suite calls setupConsoleSuite() to start its own test app (bot off, a canned response) and
 * Chromium, and uses the helpers below. Not a test file itself.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { launchBrowser } from '../../server/test/browser.ts';
import {
  testApp,
  type SeededAccount,
  type Session,
  type TestApp,
} from '../../server/test/test-app.ts';

export let app: TestApp;
export let acct: SeededAccount;
let browser: Browser;
const contexts: BrowserContext[] = [];
export const DESKTOP = { width: 1440, height: 900 };
export const PHONE = { width: 390, height: 844 };

/** Starts this suite's test app and browser in beforeAll; stops them in afterAll. */
export function setupConsoleSuite(): void {
  beforeAll(async () => {
    app = await testApp({
      RATE_LIMIT_LOGIN_PER_MIN: '1000',
      RATE_LIMIT_WIDGET_SESSIONS_PER_MIN: '100000',
    });
    acct = await app.seedAccount();
    // a bot would answer in these tests' conversations; the console is tested with human replies only
    const owner = await app.login(acct.users.owner.email, acct.users.owner.password);
    await app.api('PATCH', `/api/v1/inboxes/${acct.inboxId}`, {
      session: owner,
      body: { settings: { bot: { mode: 'off' } } },
    });
    await app.api('POST', '/api/v1/canned-responses', {
      session: owner,
      body: { shortCode: 'hello', texts: { en: 'Hello! How can I help you today?' } },
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await app?.stop();
  });
}

export async function newContext(
  opts: { locale?: string; viewport?: { width: number; height: number }; bypassCSP?: boolean } = {},
) {
  const ctx = await browser.newContext({
    viewport: opts.viewport ?? DESKTOP,
    locale: opts.locale ?? 'en-US',
    bypassCSP: opts.bypassCSP ?? false,
    timezoneId: 'Asia/Shanghai',
  });
  contexts.push(ctx);
  return ctx;
}

/** A page with CSP violations and page errors collected. */
export async function openPage(ctx: BrowserContext): Promise<{ page: Page; problems: string[] }> {
  const page = await ctx.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) problems.push(`csp: ${m.text()}`);
  });
  return { page, problems };
}

export async function loginWithCookie(ctx: BrowserContext, session: Session) {
  const [name, value] = session.cookie.split('=');
  await ctx.addCookies([{ name, value, url: app.url }]);
}

export async function visitorSays(token: string, content: string, clientMessageId: string) {
  const r = await app.api('POST', '/widget/v1/messages', {
    token,
    body: { content, clientMessageId },
  });
  expect(r.status).toBeLessThan(300);
  return r.body as { message: { id: string; seq: number }; conversation: { id: string } };
}

export async function visitorSees(token: string): Promise<string[]> {
  const r = await app.api('GET', '/widget/v1/messages?limit=100', { token });
  return r.body.data.map((m: { content: string }) => m.content);
}

export const messageTexts = (page: Page) =>
  page.locator('[data-testid=message] .bubble').allInnerTexts();
