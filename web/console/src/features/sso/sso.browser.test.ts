/**
 * Single sign-on in real Chromium against a real OpenID Connect provider (oidc-provider on loopback):
 * an admin sets it up on /app/sso; a new person signs in from the sign-in page (work email → the
 * IdP's login page → the inbox, user created just in time); a user the IdP refuses comes back to the
 * sign-in page with the reason in Chinese; with "SSO only" a password sign-in is refused with its
 * own message. axe on the settings page and the sign-in page's SSO card; screenshots in en and zh.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  launchBrowser,
  loggedInPage,
  screenshot,
  seriousA11yViolations,
} from '../../../../../server/test/browser.ts';
import { type SeededAccount, type TestApp, testApp } from '../../../../../server/test/test-app.ts';
import { startIdp, type TestIdp } from '../../../../../server/features/sso/test/idp.ts';

let app: TestApp;
let acct: SeededAccount;
let idp: TestIdp;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  app = await testApp({ OUTBOUND_ALLOW_PRIVATE: 'true', RATE_LIMIT_LOGIN_PER_MIN: '1000' });
  acct = await app.seedAccount();
  idp = await startIdp({
    clients: [
      {
        clientId: 'kefu-console',
        clientSecret: 'console-secret-0123456789',
        redirectUris: [`${app.url}/api/v1/sso/callback`],
      },
    ],
    users: {
      mei: { email: 'mei@shop.test', name: 'Mei Lin' },
      blocked: { email: 'blocked@shop.test', disabled: true },
    },
  });
  browser = await launchBrowser();
});
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await idp?.close();
  await app?.stop();
});

async function anonymousPage(locale: 'en-US' | 'zh-CN'): Promise<Page> {
  const context = await browser.newContext({
    locale,
    viewport: { width: 1280, height: 860 },
    bypassCSP: true, // axe is injected as a script
  });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (err) => process.stderr.write(`PAGEERROR ${err.message}\n`));
  return page;
}

/** From the sign-in page through the IdP's login form; resolves when back on Kefu. */
async function signInWithSso(page: Page, email: string, idpUser: string, zh = false) {
  await page.goto(`${app.url}/app/login`);
  await page.getByRole('button', { name: zh ? '使用单点登录（SSO）' : 'Sign in with SSO' }).click();
  await page.getByLabel(zh ? '工作邮箱' : 'Work email').fill(email);
  await page.getByRole('button', { name: zh ? '继续' : 'Continue', exact: true }).click();
  await page.waitForURL(`${idp.issuer}/interaction/**`);
  await page.getByLabel('User name').fill(idpUser);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForURL(`${app.url}/app/**`);
}

describe('single sign-on in Chromium', () => {
  it('an admin sets it up on /app/sso (axe)', async () => {
    const page = await loggedInPage(browser, app.url, acct.users.owner, 'en-US', contexts);
    await page.goto(`${app.url}/app/sso`);
    await page.getByTestId('sso-settings').waitFor();
    await expect
      .poll(() => page.getByTestId('sso-redirect-uri').innerText())
      .toBe(`${app.url}/api/v1/sso/callback`);
    await page.getByLabel('Enable single sign-on').check();
    await page.getByLabel('Issuer URL').fill(idp.issuer);
    await page.getByLabel('Client ID').fill('kefu-console');
    await page.getByLabel('Client secret').fill('console-secret-0123456789');
    await page.getByLabel('Allowed email domains').fill('shop.test');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved', { exact: true }).waitFor();
    await page.getByText('A secret is saved').waitFor();
    expect(await page.getByLabel('Client secret').inputValue()).toBe('');
    await screenshot(page, 'sso-settings-en');
    expect(await seriousA11yViolations(page)).toEqual([]);
    const owner = await app.login(acct.users.owner.email, acct.users.owner.password);
    const saved = await app.api('GET', '/api/v1/sso', { session: owner });
    expect(saved.body.sso).toMatchObject({
      enabled: true,
      issuer: idp.issuer,
      clientId: 'kefu-console',
      clientSecretSet: true,
      allowedDomains: ['shop.test'],
      defaultRole: 'agent',
    });
  });

  it('a new person signs in from the sign-in page and lands in the inbox (axe on the SSO card)', async () => {
    const page = await anonymousPage('en-US');
    await page.goto(`${app.url}/app/login`);
    await page.getByRole('button', { name: 'Sign in with SSO' }).click();
    await page.getByTestId('sso-form').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'sso-login-card-en');
    await signInWithSso(page, 'mei@shop.test', 'mei');
    await page.waitForURL(`${app.url}/app/inbox**`);
    const me = await page.context().request.get(`${app.url}/api/v1/me`);
    expect(me.status()).toBe(200);
    expect((await me.json()).user).toMatchObject({
      email: 'mei@shop.test',
      name: 'Mei Lin',
      role: 'agent',
    });
    await screenshot(page, 'sso-signed-in-en');
  });

  it('a user the IdP refuses comes back to the sign-in page with the reason, in Chinese', async () => {
    const page = await anonymousPage('zh-CN');
    await signInWithSso(page, 'blocked@shop.test', 'blocked', true);
    expect(new URL(page.url()).searchParams.get('sso_error')).toBe('sso_access_denied');
    await expect
      .poll(() => page.getByTestId('sso-error').innerText())
      .toBe('身份提供方拒绝了登录（账号可能已被停用）。');
    await screenshot(page, 'sso-refused-zh');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('with "SSO only" a password sign-in is refused with its own message (owners still get in)', async () => {
    const owner = await app.login(acct.users.owner.email, acct.users.owner.password);
    const r = await app.api('PUT', '/api/v1/sso', {
      session: owner,
      body: {
        enabled: true,
        issuer: idp.issuer,
        clientId: 'kefu-console',
        allowedDomains: ['shop.test'],
        ssoOnly: true,
      },
    });
    expect(r.status).toBe(200);
    const page = await anonymousPage('en-US');
    await page.goto(`${app.url}/app/login`);
    await page.getByLabel('Email').first().fill(acct.users.agent.email);
    await page.getByLabel('Password').fill(acct.users.agent.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByText('This account signs in with single sign-on only').waitFor();
    await page.getByLabel('Email').first().fill(acct.users.owner.email);
    await page.getByLabel('Password').fill(acct.users.owner.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(`${app.url}/app/inbox**`);
  });
});
