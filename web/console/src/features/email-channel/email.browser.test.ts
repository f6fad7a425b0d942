/**
 * An email conversation in real Chromium: a customer's mail (taken in by the inbound half) is shown
 * as mail in the console (subject, sender, quoted history folded, original formatting in a sandboxed
 * frame with remote images held back; an unverified sender flagged), the agent replies from the
 * composer, and the mail the customer's client receives (parsed from what a real SMTP peer on
 * loopback got) threads: In-Reply-To and References name the customer's mail, the subject is
 * "Re: …" once, Reply-To carries the conversation's token. The console then shows the delivery.
 * zh-CN and en, screenshots, axe.
 */
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setMailAuthResolver } from '../../../../../server/features/email-channel/ingest/authenticate.ts';
import { ingestRawMail } from '../../../../../server/features/email-channel/ingest/ingest.ts';
import {
  type OutboundApp,
  outboundApp,
  setRelay,
} from '../../../../../server/features/email-channel/outbound/test/outbound-app.ts';
import { TestRelay } from '../../../../../server/features/email-channel/outbound/test/relay.ts';
import { tableResolver } from '../../../../../server/features/email-channel/test/dns.ts';
import { emailInbox } from '../../../../../server/features/email-channel/test/email-app.ts';
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
/** Message-IDs unique per run, so a retried test stores its mail again instead of a duplicate. */
const run = Math.random().toString(36).slice(2, 8);

beforeAll(async () => {
  o = await outboundApp({ RATE_LIMIT_LOGIN_PER_MIN: '1000' });
  setMailAuthResolver(o.app.services, tableResolver({})); // there is no DNS here
  relay = await new TestRelay().start();
  await setRelay(o, relay.port);
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await relay?.stop();
  await o?.app.stop();
});

/** A multipart mail (text + HTML with a remote image) as a mail client writes it. */
function customerMail(h: { from: string; to: string; subject: string; id: string }, text: string) {
  const subject = `=?UTF-8?B?${Buffer.from(h.subject).toString('base64')}?=`;
  const html = `<p>${text.split('\n')[0]}</p><img src="https://tracker.example/pixel.png" alt="">`;
  return Buffer.from(
    [
      `From: ${h.from}`,
      `To: ${h.to}`,
      `Subject: ${subject}`,
      'Date: Mon, 02 Jun 2025 10:00:00 +0800',
      `Message-ID: <${h.id}>`,
      'MIME-Version: 1.0',
      'Content-Type: multipart/alternative; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from(text).toString('base64'),
      '--b1',
      'Content-Type: text/html; charset=utf-8',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from(html).toString('base64'),
      '--b1--',
      '',
    ].join('\r\n'),
  );
}

describe('email conversations in the console', () => {
  it('zh-CN: the mail is shown as mail, the agent replies, the customer receives a threaded reply', async () => {
    const stored = await ingestRawMail(o.app.services, {
      inboxId: o.inboxId,
      raw: customerMail(
        {
          from: '=?UTF-8?B?546L5aWz5aOr?= <wang@customer.example>',
          to: 'support@shop.example',
          subject: '订单 DD1234 还没到',
          id: `c1-${run}@customer.example`,
        },
        '你好，我的订单 DD1234 三天了还没到，请帮忙查一下。\n\n在 2025年6月1日，客服 写道：\n> 您的订单已发货。\n',
      ),
      source: 'smtp',
    });
    expect(stored.status).toBe('stored');
    const page = await loggedInPage(browser, o.app.url, o.acct.users.agent, 'zh-CN', contexts);
    await page.goto(`${o.app.url}/app/c/${stored.conversationId}`);
    const mail = page.locator('[data-testid=email-message]').first();
    await mail.waitFor();
    await expect.poll(() => mail.textContent()).toContain('订单 DD1234 还没到');
    expect(await mail.textContent()).toContain('wang@customer.example');
    expect(await mail.textContent()).toContain('三天了还没到');
    expect(await mail.textContent()).not.toContain('您的订单已发货'); // the quote is folded away
    await mail.getByRole('button', { name: '显示引用的内容' }).click();
    await expect.poll(() => mail.textContent()).toContain('您的订单已发货');
    await mail.getByRole('button', { name: '查看原始格式' }).click();
    await mail.locator('iframe').waitFor();
    expect(await mail.locator('iframe').getAttribute('sandbox')).not.toContain('allow-scripts');
    expect(await mail.textContent()).toContain('外部图片已被阻止');
    expect(await seriousA11yViolations(page, '[data-testid=messages]')).toEqual([]);
    await screenshot(page, 'email-conversation-zh');

    const composer = page.locator('[data-testid=composer]');
    await composer.fill('王女士您好，订单 DD1234 明天送达。');
    await composer.press('Enter');
    const got = await until(
      () => relay.mails.find((m) => m.parsed.text?.includes('明天送达')),
      (m) => !!m,
      { timeoutMs: 90_000, what: 'the reply at the SMTP peer' },
    );
    const p = got!.parsed;
    expect(p.inReplyTo).toBe(`<c1-${run}@customer.example>`);
    const refs = Array.isArray(p.references) ? p.references : [p.references];
    expect(refs).toContain(`<c1-${run}@customer.example>`);
    expect(p.subject).toBe('Re: 订单 DD1234 还没到');
    expect(p.text).toContain('订单 DD1234 明天送达');
    expect(p.to && !Array.isArray(p.to) ? p.to.value[0].address : '').toBe('wang@customer.example');
    const replyTo = p.replyTo && !Array.isArray(p.replyTo) ? p.replyTo.value[0].address : '';
    expect(replyTo).toMatch(/^support\+.+@shop\.example$/);
    expect(p.headers.get('auto-submitted')).toBeUndefined(); // a person's reply
    // The console shows the delivery on the agent's message, live.
    const delivery = page.locator('[data-testid=email-delivery][data-state=sent]');
    await delivery.waitFor({ timeout: 90_000 });
    expect(await delivery.textContent()).toContain('已发送');
    await screenshot(page, 'email-reply-sent-zh');
  }, 180_000);

  it('en: a sender that could not be verified is flagged', async () => {
    const sales = await emailInbox(o.app, o.acct, { email: { address: 'sales@shop.example' } });
    const stored = await ingestRawMail(o.app.services, {
      inboxId: sales,
      raw: customerMail(
        {
          from: 'Bob <bob@customer.example>',
          to: 'sales@shop.example',
          subject: 'Invoice for May',
          id: `b1-${run}@customer.example`,
        },
        'Could you resend the invoice for May?\n',
      ),
      source: 'smtp',
    });
    expect(stored.status).toBe('stored');
    const page = await loggedInPage(browser, o.app.url, o.acct.users.owner, 'en-US', contexts);
    await page.goto(`${o.app.url}/app/c/${stored.conversationId}`);
    const mail = page.locator('[data-testid=email-message]').first();
    await mail.waitFor();
    await expect.poll(() => mail.textContent()).toContain('Invoice for May');
    const warning = mail.locator('[data-testid=email-unverified]');
    expect(await warning.textContent()).toContain('Sender could not be verified');
    expect(await warning.textContent()).toContain('bob@customer.example');
    expect(await seriousA11yViolations(page, '[data-testid=messages]')).toEqual([]);
    await screenshot(page, 'email-unverified-en');
  }, 120_000);
});
