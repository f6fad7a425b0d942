/**
 * An email inbox's settings and "New email" in real Chromium, against a real SMTP peer on loopback
 * (smtp-server, TestRelay): the owner sets the inbox's relay in Settings → Inboxes (a bad port is
 * named beside its field), sends a test mail that the peer receives, and sees a refused relay's
 * failure in words with the relay's own reply; an agent starts an email conversation from the
 * inbox's side column, it opens, and the peer receives the mail; a mail the relay refused shows
 * under Failed mail and Retry sends it once the relay takes it; the IMAP section's Test connection
 * against a real dovecot (a wrong password in words, then success, saved with the password kept
 * write-only). zh-CN and en, screenshots, axe.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type OutboundApp,
  outboundApp,
  setRelay,
} from '../../../../../server/features/email-channel/outbound/test/outbound-app.ts';
import { TestRelay } from '../../../../../server/features/email-channel/outbound/test/relay.ts';
import {
  type Dovecot,
  HAS_DOVECOT,
  startDovecot,
} from '../../../../../server/features/email-channel/imap/test/dovecot.ts';
import {
  launchBrowser,
  loggedInPage,
  screenshot,
  seriousA11yViolations,
} from '../../../../../server/test/browser.ts';
import { until } from '../../../../../server/test/wait.ts';

let o: OutboundApp;
let relay: TestRelay;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  o = await outboundApp({ RATE_LIMIT_LOGIN_PER_MIN: '1000' });
  relay = await new TestRelay().start();
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await relay?.stop();
  await o?.app.stop();
});

async function openEmailInbox(page: Page) {
  await page.goto(`${o.app.url}/app/settings/inboxes`);
  const select = page.getByTestId('inbox-select');
  await select.waitFor();
  // the option reads '<name> · <channel in the page's language>'
  const option = select.locator('option', { hasText: 'Shop support' }).first();
  await select.selectOption((await option.getAttribute('value')) ?? '');
  await page.getByTestId('email-smtp').waitFor();
}

const mailWith = (subject: string) =>
  until(
    () => relay.mails.find((m) => m.parsed.subject === subject),
    (m) => !!m,
    { timeoutMs: 45_000, what: `"${subject}" at the SMTP peer` },
  );

describe('email inbox settings and New email', () => {
  it('en: the owner sets the relay, a test mail arrives, a refused relay is explained', async () => {
    relay.behaviour = { auth: { user: 'mailer', pass: 'relay-password' } };
    const page = await loggedInPage(browser, o.app.url, o.acct.users.owner, 'en-US', contexts);
    await openEmailInbox(page);
    await page.getByRole('heading', { name: 'Receiving · Shop support' }).waitFor();
    expect(await page.getByTestId('email-webhook-url').textContent()).toBe(
      `${o.app.url}/api/v1/channels/email/${o.inboxId}/raw`,
    );
    expect(await page.getByText(/only when DKIM\/DMARC verify it/).count()).toBe(1);
    expect(await page.getByTestId('email-smtp-none').textContent()).toContain('No SMTP server');

    const smtp = page.getByTestId('email-smtp');
    await smtp.getByLabel('SMTP server').fill('127.0.0.1');
    await smtp.getByLabel('Port').fill('70000');
    await smtp.getByLabel('Security').selectOption('none');
    await smtp.getByLabel('User name').fill('mailer');
    await smtp.getByLabel('Password').fill('relay-password');
    await smtp.getByLabel('From address').fill('support@shop.example');
    await smtp.getByLabel('From name').fill('Shop Support');
    await smtp.getByRole('button', { name: 'Save' }).click();
    // the bad port is named beside its field, in words
    const portError = page.getByTestId('email-smtp-port-error');
    await portError.waitFor();
    expect(await portError.textContent()).toBe('Enter a port from 1 to 65535');
    expect(await smtp.getByLabel('Port').getAttribute('aria-invalid')).toBe('true');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'email-settings-field-error-en');

    await smtp.getByLabel('Port').fill(String(relay.port));
    await smtp.getByRole('button', { name: 'Save' }).click();
    await smtp.getByText('Saved').waitFor();
    expect(await page.getByTestId('email-smtp-port-error').count()).toBe(0);
    // the password is write-only: the field stays empty and says one is set
    expect(await smtp.getByLabel('Password').inputValue()).toBe('');
    expect(await smtp.getByLabel('Password').getAttribute('placeholder')).toBe(
      'Set (leave empty to keep it)',
    );

    // a test mail reaches the peer
    const test = page.getByTestId('email-test-mail');
    await test.getByLabel('Send the test mail to').fill('admin@shop.example');
    await test.getByRole('button', { name: 'Send test mail' }).click();
    const ok = page.getByTestId('email-test-result');
    await ok.waitFor();
    expect(await ok.textContent()).toContain('Test mail sent: the SMTP server accepted it.');
    const got = await until(
      () => relay.mails.at(-1),
      (m) => !!m,
      { what: 'the test mail at the peer' },
    );
    expect(got!.envelope.to).toEqual(['admin@shop.example']);
    expect(got!.parsed.subject).toMatch(/Kefu/);
    expect(got!.parsed.from?.value[0]?.address).toBe('support@shop.example');
    await screenshot(page, 'email-settings-test-mail-en');
    await page.getByTestId('email-imap').scrollIntoViewIfNeeded();
    await screenshot(page, 'email-settings-imap-en');

    // the relay refuses: the failure in words, the relay's own reply beneath, no code shown
    relay.behaviour = {
      auth: { user: 'mailer', pass: 'relay-password' },
      rejectRcpt: { code: 550, message: '5.1.1 No such user here' },
    };
    try {
      await test.getByRole('button', { name: 'Send test mail' }).click();
      const failed = page.locator('[data-testid=email-test-result][role=alert]');
      await failed.waitFor();
      const text = (await failed.textContent()) ?? '';
      expect(text).toContain('The test mail was not sent.');
      expect(text).toContain('The SMTP server refused this mail.');
      expect(text).toContain('The server said:');
      expect(text).toContain('5.1.1 No such user here');
      expect(text).not.toContain('smtp_rejected');
      expect(await seriousA11yViolations(page)).toEqual([]);
      await screenshot(page, 'email-settings-refused-en');
    } finally {
      relay.behaviour = {};
    }
  });

  it('zh-CN: an agent starts an email conversation, the peer receives it; a refused one is retried from Settings', async () => {
    relay.behaviour = {};
    await setRelay(o, relay.port); // no login, as a local relay
    const page = await loggedInPage(browser, o.app.url, o.acct.users.agent, 'zh-CN', contexts);
    await page.goto(`${o.app.url}/app`);
    const start = async (to: string, subject: string, body: string) => {
      await page.getByRole('button', { name: '新邮件' }).click();
      const dialog = page.getByRole('dialog', { name: '写一封新邮件' });
      await dialog.waitFor();
      await dialog.getByLabel('收件人', { exact: true }).fill(to);
      await dialog.getByLabel('主题').fill(subject);
      await dialog.getByLabel('正文').fill(body);
      return dialog;
    };

    // a bad address is named beside its field
    const dialog = await start('不是地址', '报价单', '您好');
    await dialog.getByRole('button', { name: '发送' }).click();
    await page.getByTestId('email-new-to-error').waitFor();
    expect(await page.getByTestId('email-new-to-error').textContent()).toBe('请输入有效的邮箱地址');
    expect(await seriousA11yViolations(page, '.em-dialog')).toEqual([]);
    await screenshot(page, 'email-new-invalid-zh');

    await dialog.getByLabel('收件人', { exact: true }).fill('li.lei@customer.example');
    await dialog.getByLabel('收件人姓名（可选）').fill('李雷');
    await dialog.getByLabel('主题').fill('您要的报价单');
    await dialog.getByLabel('正文').fill('李先生您好，报价单见下文。');
    await dialog.getByRole('button', { name: '发送' }).click();
    // the new conversation opens, shown as mail
    await page.waitForURL(/\/app\/c\/.+/);
    const mail = page.locator('[data-testid=email-message]').first();
    await mail.waitFor();
    await expect.poll(() => mail.textContent()).toContain('您要的报价单');
    const got = await mailWith('您要的报价单');
    expect(got!.envelope.to).toEqual(['li.lei@customer.example']);
    expect(got!.parsed.text).toContain('李先生您好，报价单见下文。');
    expect(got!.parsed.inReplyTo).toBeUndefined();
    await page
      .locator('[data-testid=email-delivery][data-state=sent]')
      .waitFor({ timeout: 45_000 });
    await screenshot(page, 'email-new-sent-zh');

    // the relay refuses the next one; the owner sees it under Failed mail and retries it
    relay.behaviour = { rejectRcpt: { code: 550, message: '5.1.1 Mailbox unavailable' } };
    await start('han.meimei@customer.example', '发票', '韩女士您好，发票已开好。');
    await page.getByRole('dialog').getByRole('button', { name: '发送' }).click();
    await page.locator('[data-testid=email-delivery][data-state=failed]').waitFor({
      timeout: 45_000,
    });
    const owner = await loggedInPage(browser, o.app.url, o.acct.users.owner, 'zh-CN', contexts);
    await openEmailInbox(owner);
    // receiving: a window out of range is named beside its field; trusting senders saves
    const receiving = owner.getByTestId('email-receiving');
    // the form fills in once the inbox's settings have loaded
    await expect.poll(() => receiving.getByLabel('信任发件人').isChecked()).toBe(true);
    await receiving.getByLabel('信任发件人').uncheck();
    await receiving.getByLabel('按主题归并（小时）').fill('1000');
    await receiving.getByRole('button', { name: '保存' }).click();
    await owner
      .getByTestId('email-in-window-error')
      .getByText('请输入 0 到 720 之间的整数')
      .waitFor();
    await receiving.getByLabel('按主题归并（小时）').fill('48');
    await receiving.getByRole('button', { name: '保存' }).click();
    await receiving.getByText('已保存').waitFor();
    const inbound = await o.app.api('GET', `/api/v1/inboxes/${o.inboxId}/email`, {
      session: o.owner,
    });
    expect(inbound.body).toMatchObject({ trustSenders: false, subjectWindowHours: 48 });
    await screenshot(owner, 'email-settings-receiving-zh');

    const row = owner.getByTestId('email-failed-out').filter({ hasText: 'han.meimei' });
    await row.waitFor();
    expect(await row.getByTestId('email-failed-out-reason').textContent()).toBe(
      'SMTP 服务器拒收了这封邮件。',
    );
    expect(await row.textContent()).toContain('5.1.1 Mailbox unavailable');
    expect(await seriousA11yViolations(owner)).toEqual([]);
    await row.scrollIntoViewIfNeeded();
    await screenshot(owner, 'email-settings-failed-zh');
    relay.behaviour = {};
    await row.getByRole('button', { name: '重试' }).click();
    await row.getByTestId('email-retry-note').getByText('已重新排队发送。').waitFor();
    const retried = await mailWith('发票');
    expect(retried!.envelope.to).toEqual(['han.meimei@customer.example']);
  });

  it.skipIf(!HAS_DOVECOT)(
    'en: IMAP test connection against dovecot, a wrong password in words',
    async () => {
      let d: Dovecot | undefined;
      try {
        d = await startDovecot();
        const page = await loggedInPage(browser, o.app.url, o.acct.users.owner, 'en-US', contexts);
        await openEmailInbox(page);
        const imap = page.getByTestId('email-imap');
        await imap.getByLabel('IMAP server').fill(d.host);
        await imap.getByLabel('Port').fill(String(d.port));
        await imap.getByLabel('Security').selectOption('none');
        await imap.getByLabel('User name').fill(d.user);
        // no password yet: named beside the field
        await imap.getByRole('button', { name: 'Test connection' }).click();
        await page.getByTestId('email-imap-password-error').getByText('Fill this in').waitFor();
        await imap.getByLabel('Password').fill('not-the-password');
        await imap.getByRole('button', { name: 'Test connection' }).click();
        const refused = page.locator('[data-testid=email-imap-result][role=alert]');
        await refused.waitFor({ timeout: 45_000 });
        expect(await refused.textContent()).toContain(
          'The IMAP server refused the user name or password.',
        );
        expect(await refused.textContent()).not.toContain('imap_auth_failed');
        await imap.getByLabel('Password').fill(d.password);
        await imap.getByRole('button', { name: 'Test connection' }).click();
        const ok = page.locator('[data-testid=email-imap-result][role=status]');
        await ok.waitFor({ timeout: 45_000 });
        expect(await ok.textContent()).toMatch(/^Connected: the folder "INBOX" holds \d+ mails\.$/);
        await imap.getByRole('button', { name: 'Save' }).click();
        await imap.getByText('Saved').waitFor();
        expect(await imap.getByLabel('Password').inputValue()).toBe('');
        expect(await imap.getByLabel('Password').getAttribute('placeholder')).toBe(
          'Set (leave empty to keep it)',
        );
        await page.getByTestId('email-imap-status').waitFor();
        expect(await seriousA11yViolations(page)).toEqual([]);
        await imap.scrollIntoViewIfNeeded();
        await screenshot(page, 'email-settings-imap-tested-en');
        // turn it off again so the sync stops before dovecot does
        await imap.getByLabel('Receive through IMAP').uncheck();
        await imap.getByRole('button', { name: 'Save' }).click();
        await page.getByTestId('email-imap-status').getByText('Status: Off').waitFor();
      } finally {
        await d?.stop({ remove: true });
      }
    },
  );
});
