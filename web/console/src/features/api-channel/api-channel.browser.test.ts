/**
 * An API inbox in real Chromium: the owner creates the inbox token and configures the webhook in
 * Settings → Inboxes (both shown once), the app sends a message with that token, an agent replies,
 * the loopback receiver answers 500 until the delivery is dead (the test's delivery worker on a
 * hand-moved clock: the server runs without the worker role), the dead delivery shows in the
 * console, and Redeliver sends it to the receiver, now healthy, signed with the secret the console
 * showed. zh-CN and en, screenshots, axe.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerWorker } from '../../../../../server/features/api-channel/delivery/registry.ts';
import { DeliveryWorker } from '../../../../../server/features/api-channel/delivery/worker.ts';
import { retryDelayMs } from '../../../../../server/features/api-channel/domain/policy.ts';
import {
  ManualTimers,
  manualClock,
  Receiver,
} from '../../../../../server/features/api-channel/test/harness.ts';
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
import { until } from '../../../../../server/test/wait.ts';

let app: TestApp;
let acct: SeededAccount;
let browser: Browser;
let agent: Session;
let owner: Session;
const contexts: BrowserContext[] = [];
const clock = manualClock(Date.now() + 60_000);
let worker: DeliveryWorker;

beforeAll(async () => {
  app = await testApp({
    ROLES: 'web,realtime', // the test's worker sends, on its own clock
    OUTBOUND_ALLOW_PRIVATE: 'true', // the receiver is on loopback
    RATE_LIMIT_LOGIN_PER_MIN: '1000',
  });
  acct = await app.seedAccount();
  owner = await app.login(acct.users.owner.email, acct.users.owner.password);
  agent = await app.login(acct.users.agent.email, acct.users.agent.password);
  worker = new DeliveryWorker({
    services: app.services,
    now: clock.now,
    timers: new ManualTimers(),
  });
  registerWorker(app.services, worker);
  browser = await launchBrowser();
});
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await app?.stop();
});

async function newApiInbox(name: string): Promise<string> {
  const r = await app.api('POST', '/api/v1/inboxes', {
    session: owner,
    body: { name, channelType: 'api' },
  });
  expect(r.status).toBe(201);
  return r.body.id;
}

/** The app's user writes with the token the console showed; an agent answers; the delivery dies on 500s. */
async function deadReply(inboxId: string, token: string, receiver: Receiver, text: string) {
  const id = Math.random().toString(36).slice(2);
  const sent = await app.api('POST', `/api/v1/channels/api/${inboxId}/messages`, {
    token,
    body: { contact: { externalId: 'user-7' }, clientMessageId: `m-${id}`, content: 'hello?' },
  });
  expect(sent.status).toBe(201);
  const reply = await app.api(
    'POST',
    `/api/v1/conversations/${sent.body.conversation.id}/messages`,
    {
      session: agent,
      body: { content: text, clientMessageId: `r-${id}` },
    },
  );
  expect(reply.status).toBe(201);
  const row = () =>
    app.services.database.db
      .selectFrom('api_channel_deliveries')
      .selectAll()
      .where('message_id', '=', reply.body.id)
      .executeTakeFirst();
  await until(row, (r) => !!r, { what: 'the delivery' });
  receiver.answer = () => 500;
  for (let attempt = 1; attempt <= worker.policy.maxAttempts; attempt++) {
    await worker.runDue();
    clock.advance(retryDelayMs(attempt));
  }
  expect((await row())?.status).toBe('dead');
  return (await row())!.id;
}

async function openInbox(page: Page, name: string) {
  await page.goto(`${app.url}/app/settings/inboxes`);
  const select = page.getByTestId('inbox-select');
  await select.waitFor();
  // the option reads '<name> · <channel in the page's language>'
  const option = select.locator('option', { hasText: name }).first();
  await select.selectOption((await option.getAttribute('value')) ?? '');
}

describe('API inbox settings in the console', () => {
  it('en: token and webhook shown once, a dead delivery redelivered to a real receiver', async () => {
    const receiver = await new Receiver().up();
    receiver.now = clock.now;
    try {
      const name = `Mobile app ${Math.random().toString(36).slice(2, 6)}`;
      const inboxId = await newApiInbox(name);
      const page = await loggedInPage(browser, app.url, acct.users.owner, 'en-US', contexts);
      await openInbox(page, name);
      await page.getByRole('heading', { name: `App connection (API) · ${name}` }).waitFor();
      expect(await page.getByTestId('api-endpoint').textContent()).toBe(
        `POST ${app.url}/api/v1/channels/api/${inboxId}/messages`,
      );
      expect(await page.getByTestId('api-token-state').textContent()).toBe(
        'No inbox token yet: the app cannot send messages.',
      );

      // the inbox token, shown once
      await page.getByRole('button', { name: 'Create inbox token' }).click();
      const token = (await page.getByTestId('api-new-token-value').textContent())!;
      expect(token).toMatch(/^kefu_inbox_/);
      expect(await page.getByTestId('api-new-token').textContent()).toContain(
        'shown only this once',
      );
      expect(await page.getByTestId('api-token-state').textContent()).toContain(
        `…${token.slice(-4)}`,
      );

      // the webhook: URL saved, the signing secret shown once
      await page.getByLabel('Webhook URL').fill(receiver.url);
      await page.getByRole('button', { name: 'Save URL' }).click();
      const secret = (await page.getByTestId('api-new-secret-value').textContent())!;
      expect(secret).toMatch(/^whsec_/);
      receiver.secret = secret;
      await screenshot(page, 'api-channel-settings-en');
      expect(await seriousA11yViolations(page)).toEqual([]);

      const deliveryId = await deadReply(inboxId, token, receiver, 'Your parcel left today');
      expect(receiver.received).toHaveLength(12);
      expect(receiver.received.every((r) => r.verified.ok)).toBe(true);

      await page.getByRole('button', { name: 'Refresh' }).click();
      const row = page.locator(`[data-testid="api-dead-delivery"][data-id="${deliveryId}"]`);
      await row.waitFor();
      expect(await row.getByTestId('api-dead-error').textContent()).toBe(
        'The app answered HTTP 500',
      );
      expect(await row.getByTestId('api-dead-attempts').textContent()).toBe('12 attempts');
      expect(await page.getByTestId('api-delivery-counts').textContent()).toBe(
        '0 waiting for a retry, 1 failed',
      );
      await screenshot(page, 'api-channel-dead-en');
      expect(await seriousA11yViolations(page)).toEqual([]);

      // the receiver works again: Redeliver sends it now
      receiver.answer = () => 200;
      await row.getByRole('button', { name: 'Redeliver' }).click();
      await row.getByTestId('api-dead-note').getByText('Delivered.').waitFor();
      expect(await row.getAttribute('data-status')).toBe('delivered');
      expect(receiver.received).toHaveLength(13);
      const last = receiver.received[12];
      expect(last.verified.ok).toBe(true);
      expect(last.headers['x-kefu-delivery']).toBe(deliveryId);
      expect(last.json).toMatchObject({
        type: 'message.created',
        contact: { externalId: 'user-7' },
        message: { content: 'Your parcel left today' },
      });
      await page
        .getByTestId('api-delivery-counts')
        .getByText('0 waiting for a retry, 0 failed')
        .waitFor();
      await screenshot(page, 'api-channel-redelivered-en');
    } finally {
      await receiver.down();
    }
  });

  it('zh-CN: replacing the token asks first and the old one stops working; a still-failing redelivery says so', async () => {
    const receiver = await new Receiver().up();
    receiver.now = clock.now;
    try {
      const name = `小程序 ${Math.random().toString(36).slice(2, 6)}`;
      const inboxId = await newApiInbox(name);
      const page = await loggedInPage(browser, app.url, acct.users.owner, 'zh-CN', contexts);
      await openInbox(page, name);
      await page.getByRole('heading', { name: `应用接入（API） · ${name}` }).waitFor();
      await page.getByRole('button', { name: '生成收件箱令牌' }).click();
      const first = (await page.getByTestId('api-new-token-value').textContent())!;
      await page.getByRole('button', { name: '更换收件箱令牌' }).click();
      await page.getByRole('alertdialog').getByRole('button', { name: '取消' }).click();
      await page.getByRole('button', { name: '更换收件箱令牌' }).click();
      await page.getByRole('alertdialog').getByRole('button', { name: '确定更换' }).click();
      await page.waitForFunction(
        (old) => document.querySelector('[data-testid="api-new-token-value"]')?.textContent !== old,
        first,
      );
      const token = (await page.getByTestId('api-new-token-value').textContent())!;
      const old = await app.api('POST', `/api/v1/channels/api/${inboxId}/messages`, {
        token: first,
        body: { contact: { externalId: 'x' }, clientMessageId: 'x', content: 'x' },
      });
      expect(old.status).toBe(401);

      await page.getByLabel('Webhook 地址').fill(receiver.url);
      await page.getByRole('button', { name: '保存地址' }).click();
      receiver.secret = (await page.getByTestId('api-new-secret-value').textContent())!;
      const deliveryId = await deadReply(inboxId, token, receiver, '已发货');

      await page.getByRole('button', { name: '刷新' }).click();
      const row = page.locator(`[data-testid="api-dead-delivery"][data-id="${deliveryId}"]`);
      await row.waitFor();
      expect(await row.getByTestId('api-dead-error').textContent()).toBe('应用返回了 HTTP 500');
      expect(await row.getByTestId('api-dead-attempts').textContent()).toBe('已尝试 12 次');
      await screenshot(page, 'api-channel-dead-zh');
      expect(await seriousA11yViolations(page)).toEqual([]);

      // still failing: the row says so and the delivery is retried automatically
      await row.getByRole('button', { name: '重新投递' }).click();
      await row
        .getByTestId('api-dead-note')
        .getByText(/^仍然失败：应用返回了 HTTP 500/)
        .waitFor();
      expect(await row.getAttribute('data-status')).toBe('pending');
      receiver.answer = () => 204;
      clock.advance(retryDelayMs(1));
      expect(await worker.runDue()).toMatchObject({ delivered: 1 });
      expect(receiver.received.at(-1)?.verified.ok).toBe(true);
      await screenshot(page, 'api-channel-retrying-zh');
    } finally {
      await receiver.down();
    }
  });

  it('a web-chat inbox has no API section', async () => {
    const page = await loggedInPage(browser, app.url, acct.users.owner, 'en-US', contexts);
    await page.goto(`${app.url}/app/settings/inboxes`);
    await page.getByTestId('inbox-form').waitFor();
    expect(await page.getByTestId('api-endpoint').count()).toBe(0);
  });
});
