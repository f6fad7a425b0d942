/**
 * Adding agents across tenants in real Chromium (issue 13): inviting an address that has an account
 * in another tenant looks like any invitation to the admin; the invitee is told, in their language,
 * what to do; an address of the admin's own account is refused in words; a pending user added with
 * a password shows as waiting for the first sign-in.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../server/test/browser.ts';
import { testApp, type SeededAccount, type TestApp } from '../../server/test/test-app.ts';

let app: TestApp;
let a: SeededAccount;
let b: SeededAccount;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  app = await testApp({ RATE_LIMIT_LOGIN_PER_MIN: '1000' });
  a = await app.seedAccount({ slug: 'agents-a' });
  b = await app.seedAccount({ slug: 'agents-b' });
  browser = await launchBrowser();
});
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await app?.stop();
});

async function as(
  user: { email: string; password: string } | null,
  locale: 'zh-CN' | 'en-US',
): Promise<Page> {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 860 } });
  contexts.push(context);
  if (user) {
    const res = await context.request.post(`${app.url}/api/v1/auth/login`, {
      data: { email: user.email, password: user.password },
    });
    expect(res.status()).toBe(200);
  }
  const page = await context.newPage();
  page.on('pageerror', (err) => {
    throw err;
  });
  return page;
}

async function invite(page: Page, email: string) {
  await page.getByTestId('invite-email').fill(email);
  await page.getByTestId('invite-submit').click();
}

describe('adding agents across tenants', () => {
  it("an address of another tenant is invited like any; the invitee learns it in Chinese; the admin's own address is refused in words", async () => {
    const admin = await as(b.users.owner, 'zh-CN');
    await admin.goto(`${app.url}/app/settings/agents`);
    await invite(admin, a.users.agent.email);
    const link = await admin.getByTestId('invite-link').inputValue();
    expect(link).toMatch(/\/app\/accept-invite\?token=/);
    await invite(admin, b.users.agent.email);
    await admin.getByRole('alert').filter({ hasText: '该邮箱已是本账户的成员。' }).waitFor();

    const guest = await as(null, 'zh-CN');
    await guest.goto(link);
    await guest.getByTestId('invite-name').fill('李雷');
    await guest.getByTestId('invite-password').fill('lantern-orbit-kettle-77');
    await guest.getByTestId('invite-accept').click();
    expect(await guest.getByTestId('invite-email-taken').textContent()).toContain(
      '该邮箱已经有一个 Kefu 账号',
    );
  });

  it('a pending user added with a password waits for the first sign-in (English)', async () => {
    const owner = await app.login(b.users.owner.email, b.users.owner.password);
    const added = await app.api('POST', '/api/v1/users', {
      session: owner,
      body: { email: 'pending.person@example.com', name: 'Pat', password: 'tea-kettle-orbit-42' },
    });
    expect(added.status).toBe(201);
    const admin = await as(b.users.owner, 'en-US');
    await admin.goto(`${app.url}/app/settings/agents`);
    const row = admin
      .getByTestId('invitations-table')
      .locator('tr', { hasText: 'pending.person@example.com' });
    await row.getByText('Waiting for first sign-in').waitFor();
    await invite(admin, b.users.agent.email);
    await admin
      .getByRole('alert')
      .filter({ hasText: 'This address already belongs to a member of this account.' })
      .waitFor();
  });
});
