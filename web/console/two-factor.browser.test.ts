/**
 * Two-step verification in real Chromium: enrolment from the profile page (key, first code,
 * recovery codes shown once), the sign-in page's second step (a wrong code refused, a recovery code,
 * a code), the account setting, and the enrolment screen an admin without it is held at; en and
 * zh-CN, axe on each screen, screenshots. The server's clock is fixed and moved by 30-second steps,
 * so each code is used in a step of its own.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../server/core/commands/accounts.ts';
import { execute } from '../../server/core/commands/context.ts';
import { fixedClock } from '../../server/core/lib/clock.ts';
import { base32Decode, totp } from '../../server/core/lib/totp.ts';
import { launchBrowser, screenshot, seriousA11yViolations } from '../../server/test/browser.ts';
import { testApp, type TestApp } from '../../server/test/test-app.ts';

let app: TestApp;
let browser: Browser;
const contexts: BrowserContext[] = [];
const clock = fixedClock(Date.now());

beforeAll(async () => {
  app = await testApp({ RATE_LIMIT_LOGIN_PER_MIN: '1000' });
  app.services.clock = clock;
  browser = await launchBrowser();
});
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await app?.stop();
});

/** The current code of a secret, in a step of its own (the clock moves on afterwards). */
function code(secret: string): string {
  clock.advance(30_000);
  return totp(base32Decode(secret)!, clock.now());
}

/** A code valid in none of the accepted steps. */
function wrongCode(secret: string): string {
  const valid = [-1, 0, 1].map((d) => totp(base32Decode(secret)!, clock.now() + d * 30_000));
  return ['000000', '111111', '222222', '333333'].find((c) => !valid.includes(c))!;
}

async function page(locale: 'en-US' | 'zh-CN'): Promise<Page> {
  // bypassCSP: axe-core is injected as a script
  const ctx = await browser.newContext({
    locale,
    viewport: { width: 1280, height: 860 },
    bypassCSP: true,
  });
  contexts.push(ctx);
  const p = await ctx.newPage();
  p.on('pageerror', (err) => {
    throw err;
  });
  return p;
}

async function signIn(p: Page, email: string, password: string) {
  await p.goto(`${app.url}/app/login`);
  await p.locator('input[name=email]').fill(email);
  await p.locator('input[name=password]').fill(password);
  await p.locator('button[type=submit]').click();
}

/** Profile (or enrolment screen): set up, type the first code; returns the secret and recovery codes. */
async function enrolInPage(p: Page) {
  await p.getByTestId('tfa-start').click();
  const secret = (await p.getByTestId('tfa-secret').innerText()).replace(/\s/g, '');
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  expect(await p.getByTestId('tfa-uri').getAttribute('href')).toMatch(/^otpauth:\/\/totp\//);
  expect(await seriousA11yViolations(p)).toEqual([]);
  await p.getByTestId('tfa-code').fill(code(secret));
  await p.getByTestId('tfa-confirm').click();
  await p.getByTestId('tfa-recovery-codes').waitFor();
  const codes = await p.getByTestId('tfa-recovery-codes').locator('li').allInnerTexts();
  expect(codes).toHaveLength(10);
  return { secret, codes };
}

describe('two-step verification in the console', () => {
  it('en: enrol from the profile; sign in with a wrong code, a recovery code, then a code', async () => {
    const user = (await app.seedAccount()).users.supervisor; // fresh on a retry too
    const p = await page('en-US');
    await signIn(p, user.email, user.password);
    await p.waitForURL(/\/app\/inbox/);
    await p.goto(`${app.url}/app/profile`);
    await p.getByRole('heading', { name: 'Two-step verification' }).waitFor();
    const { secret, codes } = await enrolInPage(p);
    await screenshot(p, 'console-2fa-recovery-codes-en');
    await p.getByTestId('tfa-codes-done').click();
    await p.getByTestId('tfa-status').filter({ hasText: 'On. 10 recovery codes left.' }).waitFor();
    // the token form offers scope and expiry
    await p.getByTestId('token-scope').selectOption('conversations');
    await p.getByTestId('token-expiry').selectOption('30');
    await p.getByTestId('token-form').getByRole('textbox').fill('CI bot');
    await p.getByTestId('token-form').getByRole('button', { name: 'Create' }).click();
    await p.getByTestId('token-created').waitFor();
    await p.getByTestId('token-list').getByText('Conversations and contacts').waitFor();
    expect(await seriousA11yViolations(p)).toEqual([]);

    const q = await page('en-US');
    await signIn(q, user.email, user.password);
    await q.getByTestId('login-2fa').waitFor();
    await q.getByText('Enter the 6-digit code from your authenticator app.').waitFor();
    expect(await seriousA11yViolations(q)).toEqual([]);
    await screenshot(q, 'console-2fa-login-en');
    await q.getByTestId('login-2fa-code').fill(wrongCode(secret));
    await q.getByTestId('login-2fa-submit').click();
    await q.getByRole('alert').filter({ hasText: 'wrong or was already used' }).waitFor();
    await q.getByTestId('login-2fa-toggle').click();
    await q.getByTestId('login-2fa-recovery').fill(codes[0]);
    await q.getByTestId('login-2fa-submit').click();
    await q.waitForURL(/\/app\/inbox/);

    const r = await page('en-US');
    await signIn(r, user.email, user.password);
    await r.getByTestId('login-2fa-code').fill(code(secret));
    await r.getByTestId('login-2fa-submit').click();
    await r.waitForURL(/\/app\/inbox/);
    const me = await (await r.context().request.get(`${app.url}/api/v1/me`)).json();
    expect(me.twoFactor).toEqual({ enabled: true, enrolmentRequired: false });
  });

  it('zh-CN: the owner requires it; an admin without it is held at the enrolment screen, then signs in with a code', async () => {
    const acct = await app.seedAccount(); // fresh on a retry too
    const owner = acct.users.owner;
    const o = await page('zh-CN');
    await signIn(o, owner.email, owner.password);
    await o.waitForURL(/\/app\/inbox/);
    await o.goto(`${app.url}/app/settings/account`);
    await o.getByText('登录安全').waitFor();
    await o.getByTestId('require-2fa').click(); // refused: the owner has no two-step yet
    await o.getByRole('alert').filter({ hasText: '请先在个人资料中为自己开启两步验证' }).waitFor();
    await o.goto(`${app.url}/app/profile`);
    await o.getByRole('heading', { name: '两步验证' }).waitFor();
    await o.getByText('设置两步验证').waitFor();
    await enrolInPage(o);
    await screenshot(o, 'console-2fa-recovery-codes-zh');
    await o.getByTestId('tfa-codes-done').click();
    await o.goto(`${app.url}/app/settings/account`);
    await o.getByTestId('require-2fa').check();
    await o.getByText('已保存').waitFor();
    expect(await o.getByTestId('require-2fa').isChecked()).toBe(true);
    expect(await seriousA11yViolations(o)).toEqual([]);

    const email = `zh-admin-${acct.accountId}@test.kefu.dev`;
    await execute(app.services, { kind: 'system', accountId: acct.accountId }, createUser, {
      email,
      name: '管理员',
      password: 'password-123',
      role: 'admin',
    });
    const a = await page('zh-CN');
    await signIn(a, email, 'password-123');
    await a.getByTestId('tfa-gate').waitFor();
    await a.getByRole('heading', { name: '请先开启两步验证' }).waitFor();
    expect(await seriousA11yViolations(a)).toEqual([]);
    await screenshot(a, 'console-2fa-gate-zh');
    const blocked = await a.context().request.get(`${app.url}/api/v1/conversations`);
    expect(blocked.status()).toBe(403);
    const { secret } = await enrolInPage(a);
    await a.getByTestId('tfa-codes-done').click();
    await a.waitForURL(/\/app\/inbox/);
    expect((await a.context().request.get(`${app.url}/api/v1/conversations`)).status()).toBe(200);

    const b = await page('zh-CN');
    await signIn(b, email, 'password-123');
    await b.getByTestId('login-2fa').waitFor();
    await b.getByText('请输入身份验证器应用中显示的 6 位验证码。').waitFor();
    expect(await seriousA11yViolations(b)).toEqual([]);
    await screenshot(b, 'console-2fa-login-zh');
    await b.getByTestId('login-2fa-code').fill(code(secret));
    await b.getByTestId('login-2fa-submit').click();
    await b.waitForURL(/\/app\/inbox/);
  });
});
