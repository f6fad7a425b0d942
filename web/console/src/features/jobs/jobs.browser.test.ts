/**
 * Failed background work in real Chromium: a job processor that fails for a visitor message lands in
 * the dead-letter list; the owner sees it with its error, a retry while still failing shows the new
 * error and attempt count, a retry after recovery removes it (empty state); discard asks first;
 * an agent has no nav entry. Screenshots in zh-CN and en; axe.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  launchBrowser,
  loggedInPage,
  screenshot,
  seriousA11yViolations,
} from '../../../../../server/test/browser.ts';
import {
  testApp,
  type SeededAccount,
  type Session,
  type TestApp,
} from '../../../../../server/test/test-app.ts';

let app: TestApp;
let acct: SeededAccount;
let browser: Browser;
let owner: Session;
const contexts: BrowserContext[] = [];
let healthy = false;
let failures = 0;
const MARK = '[dj]'; // only these customer messages concern the test processor (not bot replies etc.)

async function customer(token: string, text: string): Promise<void> {
  const r = await app.api('POST', '/widget/v1/messages', {
    token,
    body: { content: text, clientMessageId: `dj-${Math.random().toString(36).slice(2)}` },
  });
  expect(r.status).toBeLessThan(300);
}

async function deadJobs(): Promise<
  Array<{ id: string; processor: string; eventId: number; attempts: number; error: string }>
> {
  const r = await app.api('GET', '/api/v1/dead-jobs?limit=200', { session: owner });
  expect(r.status).toBe(200);
  return r.body.data;
}

async function until<T>(
  fn: () => Promise<T | undefined | false>,
  what: string,
  ms = 20_000,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Makes `count` dead jobs of the test processor (one per visitor message) and waits for them. */
async function makeDeadJobs(count: number): Promise<void> {
  const before = (await deadJobs()).filter((d) => d.processor === 'test-downstream').length;
  const v = await app.visitor(acct.inboxToken);
  for (let i = 0; i < count; i++) await customer(v.token, `${MARK} hello ${i}`);
  await until(
    async () =>
      (await deadJobs()).filter((d) => d.processor === 'test-downstream').length >= before + count,
    'dead jobs',
  );
}

beforeAll(async () => {
  app = await testApp({
    RATE_LIMIT_LOGIN_PER_MIN: '1000',
    RATE_LIMIT_WIDGET_SESSIONS_PER_MIN: '1000',
    RATE_LIMIT_MESSAGES_PER_MIN: '1000',
  });
  acct = await app.seedAccount();
  owner = await app.login(acct.users.owner.email, acct.users.owner.password);
  app.services.dispatcher.register({
    name: 'test-downstream',
    mode: 'job',
    handles: ['message.created'],
    async handle(event) {
      const content = (event.payload as { message?: { content?: string } }).message?.content ?? '';
      if (!content.startsWith(MARK)) return;
      if (!healthy) {
        failures++;
        throw new Error(`downstream unavailable (failure ${failures}) <b>not html</b>`);
      }
    },
  });
  browser = await launchBrowser();
});
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await app?.stop();
});

const LONG_ERROR = `Error: model not loaded from /var/lib/kefu/models/${'a'.repeat(300)}/model.onnx\n    at load (worker.js:1:1)\n${'retrying without a pause would not help; '.repeat(12)}`;

const as = (user: { email: string; password: string }, locale: 'zh-CN' | 'en-US'): Promise<Page> =>
  loggedInPage(browser, app.url, user, locale, contexts);

describe('failed background work page', () => {
  it('lists a dead job, retries it while failing and after recovery, then shows the empty state (en)', async () => {
    healthy = false;
    await makeDeadJobs(1);
    const [dead] = (await deadJobs()).filter((d) => d.processor === 'test-downstream');
    expect(dead.attempts).toBe(3);

    const page = await as(acct.users.owner, 'en-US');
    await page.goto(`${app.url}/app/inbox`);
    await page.getByRole('link', { name: /Background jobs/ }).click();
    await page.waitForURL(/\/app\/jobs$/);
    await page.getByRole('heading', { name: 'Failed background work' }).waitFor();
    const row = page.locator(`[data-testid="dead-job"][data-id="${dead.id}"]`);
    await row.waitFor();
    expect(await row.getByRole('heading').textContent()).toContain('test-downstream'); // unknown processor: raw name
    expect(await row.getByTestId('dead-job-error').textContent()).toBe(dead.error);
    expect(await row.locator('b').count()).toBe(0); // the error is text, never HTML
    expect(await row.getByTestId('dead-job-attempts').textContent()).toBe('3 attempts');
    expect(await row.locator('time').textContent()).toMatch(/^Last failed /);
    await screenshot(page, 'jobs-list-en');
    expect(await seriousA11yViolations(page)).toEqual([]);

    // Retry while the downstream is still failing: the new error and one more attempt.
    await row.getByRole('button', { name: /^Retry/ }).click();
    await row
      .getByTestId('dead-job-note')
      .getByText('The retry failed again (4 attempts).')
      .waitFor();
    expect(await row.getByTestId('dead-job-attempts').textContent()).toBe('4 attempts');
    const stored = (await deadJobs()).find((d) => d.id === dead.id)!;
    expect(stored.attempts).toBe(4);
    expect(stored.error).not.toBe(dead.error);
    expect(await row.getByTestId('dead-job-error').textContent()).toBe(stored.error);
    await screenshot(page, 'jobs-retry-failed-en');

    // Recovered: the retry completes, the row goes, the empty state shows.
    healthy = true;
    await row.getByRole('button', { name: /^Retry/ }).click();
    await page.getByTestId('jobs-empty').getByText('No failed background work').waitFor();
    expect(await page.getByTestId('jobs-note').textContent()).toContain('completed');
    expect(await page.locator('[data-testid="dead-job"]').count()).toBe(0);
    expect((await deadJobs()).length).toBe(0);
    await screenshot(page, 'jobs-empty-en');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('zh-CN: labels, paging with "load more", and discard after confirmation', async () => {
    healthy = false;
    await makeDeadJobs(27); // one more than a page (25) plus one
    const page = await as(acct.users.owner, 'zh-CN');
    await page.goto(`${app.url}/app/jobs`);
    await page.getByRole('heading', { name: '失败的后台任务' }).waitFor();
    const rows = page.locator('[data-testid="dead-job"]');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(25);
    expect(await rows.first().getByTestId('dead-job-attempts').textContent()).toBe('已尝试 3 次');
    expect(await rows.first().locator('time').textContent()).toMatch(/^最后失败：/);
    await screenshot(page, 'jobs-list-zh');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByRole('button', { name: '加载更多' }).click();
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid="dead-job"]').length === 27,
    );
    expect(await page.getByRole('button', { name: '加载更多' }).count()).toBe(0);
    // Newest first, across pages.
    const ids = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-id')!));
    expect(ids).toEqual([...ids].sort().reverse());

    // Discard asks first; cancel keeps the row, confirm removes it.
    const first = rows.first();
    const firstId = await first.getAttribute('data-id');
    await first.getByRole('button', { name: /^丢弃/ }).click();
    const dialog = page.getByRole('dialog', { name: '丢弃这项任务？' });
    await dialog.waitFor();
    await screenshot(page, 'jobs-discard-confirm-zh');
    await dialog.getByRole('button', { name: '取消' }).click();
    expect(await page.locator(`[data-id="${firstId}"]`).count()).toBe(1);
    await first.getByRole('button', { name: /^丢弃/ }).click();
    await dialog.getByRole('button', { name: '丢弃' }).click();
    await page.locator(`[data-id="${firstId}"]`).waitFor({ state: 'detached' });
    expect((await deadJobs()).some((d) => d.id === firstId)).toBe(false);
    expect(await page.getByTestId('jobs-note').textContent()).toContain('已丢弃');
    await page.setViewportSize({ width: 760, height: 900 });
    await screenshot(page, 'jobs-narrow-zh');
  });

  it('known processors get a readable label (raw name beside it)', async () => {
    const page = await as(acct.users.owner, 'en-US');
    // Recorded straight into the list (the real processors do not fail on demand in a test).
    healthy = false;
    await makeDeadJobs(1);
    const [some] = await deadJobs();
    await app.services.dispatcher.deadJobs.record(
      'ai-analyze',
      { id: some.eventId, type: 'message.created', accountId: acct.accountId } as never,
      LONG_ERROR,
      3,
    );
    await page.goto(`${app.url}/app/jobs`);
    const row = page.locator('[data-testid="dead-job"]').first();
    await row.waitFor();
    expect(await row.getByRole('heading').textContent()).toBe('Message analysisai-analyze');
    await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
    await row.getByRole('heading', { name: /消息分析/ }).waitFor();
    expect(await row.getByTestId('dead-job-error').textContent()).toBe(LONG_ERROR);
    // A long unbroken error wraps inside the row: nothing wider than the page.
    expect(
      await page.evaluate(() => {
        const el = document.querySelector('main.page')!;
        return el.scrollWidth <= el.clientWidth;
      }),
    ).toBe(true);
    await screenshot(page, 'jobs-labels-zh');
  });

  it('an agent has no nav entry, and the API refuses', async () => {
    const page = await as(acct.users.agent, 'en-US');
    await page.goto(`${app.url}/app/inbox`);
    await page.getByRole('link', { name: 'Inbox' }).first().waitFor();
    expect(await page.getByRole('link', { name: /Background jobs/ }).count()).toBe(0);
    await page.goto(`${app.url}/app/jobs`);
    expect(await page.getByRole('heading', { name: 'Failed background work' }).count()).toBe(0);
    const agent = await app.login(acct.users.agent.email, acct.users.agent.password);
    expect((await app.api('GET', '/api/v1/dead-jobs', { session: agent })).status).toBe(403);
  });
});
