/**
 * The audit log page in real Chromium: an owner opens it from the nav (en), sees a failed sign-in,
 * a role change and API tokens with who / IP / result, filters by action group; in zh-CN filters by
 * who and date range, pages with "load more", and downloads the CSV (which is itself recorded);
 * an agent has no nav entry and the API refuses. Screenshots in both languages; axe.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  launchBrowser,
  loggedInPage,
  screenshot,
  seriousA11yViolations,
} from '../../../../../server/test/browser.ts';
import { newId } from '../../../../../server/core/lib/ids.ts';
import {
  testApp,
  type SeededAccount,
  type Session,
  type TestApp,
} from '../../../../../server/test/test-app.ts';
import { until } from '../../../../../server/test/wait.ts';

let app: TestApp;
let acct: SeededAccount;
let browser: Browser;
let owner: Session;
const contexts: BrowserContext[] = [];

/** A past day (UTC noon, so the browser's local date is the same day) with 60 of the supervisor's rule edits. */
const DAY = '2025-03-14';
const NOON = Date.parse(`${DAY}T12:00:00Z`);

const actions = async () =>
  app.services.database.db
    .selectFrom('audit_log')
    .select(['action', 'actor_id'])
    .where('account_id', '=', acct.accountId)
    .execute();

beforeAll(async () => {
  app = await testApp({ RATE_LIMIT_LOGIN_PER_MIN: '1000' });
  acct = await app.seedAccount();
  owner = await app.login(acct.users.owner.email, acct.users.owner.password);
  const failed = await app.api('POST', '/api/v1/auth/login', {
    body: { email: acct.users.agent.email, password: 'not-the-password' },
  });
  expect(failed.status).toBe(401);
  const role = await app.api('PATCH', `/api/v1/users/${acct.users.agent2.id}`, {
    session: owner,
    body: { role: 'supervisor' },
  });
  expect(role.status).toBe(200);
  const token = await app.api('POST', '/api/v1/me/tokens', {
    session: owner,
    body: { name: 'ci' },
  });
  expect(token.status).toBe(201);
  expect(
    (await app.api('DELETE', `/api/v1/me/tokens/${token.body.id}`, { session: owner })).status,
  ).toBe(204);
  await app.services.database.db
    .insertInto('audit_log')
    .values(
      Array.from({ length: 60 }, (_, i) => ({
        id: newId(NOON + i * 1000),
        account_id: acct.accountId,
        actor_type: 'user',
        actor_id: acct.users.supervisor.id,
        actor_label: acct.users.supervisor.email,
        action: 'rule.update',
        method: 'PATCH',
        route: '/api/v1/automation/rules/:id',
        target_type: 'rule',
        target_id: newId(),
        ip: '198.51.100.23',
        user_agent: 'seed',
        request_id: `seed-${i}`,
        status: 200,
        detail: '{"keys":["enabled"],"values":{"enabled":false}}',
        created_at: NOON + i * 1000,
      })),
    )
    .execute();
  await until(actions, (rows) => rows.some((r) => r.action === 'token.revoke'), {
    what: 'token.revoke recorded',
  });
  browser = await launchBrowser();
});
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await app?.stop();
});

const as = (user: { email: string; password: string }, locale: 'zh-CN' | 'en-US'): Promise<Page> =>
  loggedInPage(browser, app.url, user, locale, contexts);

const rowActions = (page: Page) =>
  page
    .locator('[data-testid="audit-row"]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-action')));

describe('audit log page', () => {
  it('en: from the nav, shows who did what from where, and filters by action group', async () => {
    const page = await as(acct.users.owner, 'en-US');
    await page.goto(`${app.url}/app/inbox`);
    await page.getByRole('link', { name: /Audit log/ }).click();
    await page.waitForURL(/\/app\/audit$/);
    await page.getByRole('heading', { name: 'Audit log', level: 1 }).waitFor();
    const failed = page.locator('[data-testid="audit-row"][data-action="auth.login_failed"]');
    await failed.waitFor();
    expect(await failed.textContent()).toContain(`Not signed in (tried ${acct.users.agent.email})`);
    expect(await failed.textContent()).toContain('Failed sign-in');
    expect(await failed.textContent()).toContain('Failed 401');
    expect(await failed.textContent()).toContain('127.0.0.1');
    const role = page.locator('[data-testid="audit-row"][data-action="user.update"]');
    expect(await role.textContent()).toContain('Changed a user (role, disabled)');
    expect(await role.textContent()).toContain(acct.users.owner.email);
    expect(await role.textContent()).toContain(`User · agent2`);
    await role.getByText('Show').click();
    expect(await role.locator('pre').textContent()).toContain('"role": "supervisor"');
    await screenshot(page, 'audit-list-en');
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByLabel('Action').selectOption({ label: 'API tokens' });
    await page.waitForFunction(() =>
      [...document.querySelectorAll('[data-testid="audit-row"]')].every((r) =>
        r.getAttribute('data-action')?.startsWith('token.'),
      ),
    );
    expect((await rowActions(page)).sort()).toEqual(['token.create', 'token.revoke']);
    expect(await page.getByTestId('audit-export').getAttribute('href')).toContain('action=token');
    await screenshot(page, 'audit-filtered-en');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('zh-CN: filters by who and date, loads more, exports CSV (recorded)', async () => {
    const page = await as(acct.users.owner, 'zh-CN');
    await page.goto(`${app.url}/app/audit`);
    await page.getByRole('heading', { name: '审计日志', level: 1 }).waitFor();
    await page.locator('[data-testid="audit-row"]').first().waitFor();
    await page.getByLabel('操作人').selectOption(acct.users.supervisor.id);
    await page.getByLabel('开始日期').fill(DAY);
    await page.getByLabel('结束日期').fill(DAY);
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid="audit-row"]').length === 50,
    );
    expect(new Set(await rowActions(page))).toEqual(new Set(['rule.update']));
    expect(await page.locator('[data-testid="audit-row"]').first().textContent()).toContain(
      '修改自动化规则',
    );
    await screenshot(page, 'audit-list-zh');
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByRole('button', { name: '加载更多' }).click();
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid="audit-row"]').length === 60,
    );
    expect(await page.getByRole('button', { name: '加载更多' }).count()).toBe(0);
    const times = await page
      .locator('[data-testid="audit-row"] time')
      .evaluateAll((els) => els.map((e) => e.getAttribute('datetime')!));
    expect(times).toEqual([...times].sort().reverse());

    const href = (await page.getByTestId('audit-export').getAttribute('href'))!;
    expect(href).toContain(`actorId=${acct.users.supervisor.id}`);
    const csv = await page.request.get(`${app.url}${href}`);
    expect(csv.status()).toBe(200);
    const lines = (await csv.text())
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toMatch(/^time,actor_type,actor_id,actor,action,/);
    expect(lines).toHaveLength(61);
    await until(actions, (rows) => rows.some((r) => r.action === 'audit.export'), {
      what: 'export recorded',
    });

    await page.getByRole('button', { name: '清除筛选' }).click();
    await page.waitForFunction(() =>
      [...document.querySelectorAll('[data-testid="audit-row"]')].some(
        (r) => r.getAttribute('data-action') === 'audit.export',
      ),
    );
    await page.setViewportSize({ width: 760, height: 900 });
    await screenshot(page, 'audit-narrow-zh');
  });

  it('an agent has no nav entry, and the API refuses', async () => {
    const page = await as(acct.users.agent, 'en-US');
    await page.goto(`${app.url}/app/inbox`);
    await page.getByRole('link', { name: 'Inbox' }).first().waitFor();
    expect(await page.getByRole('link', { name: /Audit log/ }).count()).toBe(0);
    const agent = await app.login(acct.users.agent.email, acct.users.agent.password);
    expect((await app.api('GET', '/api/v1/audit', { session: agent })).status).toBe(403);
  });
});
