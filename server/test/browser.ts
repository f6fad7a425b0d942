/**
 * Real Chromium for UI tests: Debian's /usr/bin/chromium driven by playwright-core (never a
 * downloaded browser). Screenshots go to test-results/ (a CI artifact).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const RESULTS_DIR = join(process.cwd(), 'test-results');

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Saves a full-page screenshot as test-results/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const path = join(RESULTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Runs axe-core in the page and returns violations of impact serious or critical. */
export async function seriousA11yViolations(
  page: Page,
  context?: string,
): Promise<Array<{ id: string; impact: string; help: string; nodes: number }>> {
  const { createRequire } = await import('node:module');
  const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
  await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(async (ctx) => {
    // @ts-expect-error axe is injected above
    const r = await window.axe.run(ctx ?? document, { resultTypes: ['violations'] });
    return r.violations.map(
      (v: { id: string; impact: string; help: string; nodes: unknown[] }) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.length,
      }),
    );
  }, context ?? null);
  return result.filter(
    (v: { impact: string }) => v.impact === 'serious' || v.impact === 'critical',
  );
}

/**
 * A fresh browser context logged in as `user` through the login API (session cookie), for console
 * tests. The context is added to `contexts` for the caller to close; page errors go to stderr.
 */
export async function loggedInPage(
  browser: Browser,
  baseUrl: string,
  user: { email: string; password: string },
  locale: 'zh-CN' | 'en-US',
  contexts: BrowserContext[],
): Promise<Page> {
  const context = await browser.newContext({
    locale,
    viewport: { width: 1280, height: 900 },
    bypassCSP: true,
  }); // axe is injected as a script
  contexts.push(context);
  const res = await context.request.post(`${baseUrl}/api/v1/auth/login`, {
    data: { email: user.email, password: user.password },
  });
  if (res.status() !== 200) throw new Error(`login as ${user.email} failed: ${res.status()}`);
  const page = await context.newPage();
  page.on('pageerror', (err) => {
    process.stderr.write(`PAGEERROR ${err.message}\n`);
  });
  page.on('console', (m) => {
    if (m.type() === 'error') process.stderr.write(`CONSOLE ${m.text()}\n`);
  });
  return page;
}
