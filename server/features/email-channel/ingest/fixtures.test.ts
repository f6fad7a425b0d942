/**
 * The corpus of real header shapes (test/fixtures: Outlook, Gmail, Apple Mail, Thunderbird,
 * Foxmail in GB2312, an auto-reply, a Postfix DSN) through the whole ingest: threading by our ids,
 * text decoding (quoted-printable, format=flowed, GB2312), the reply split, sanitised HTML, inline
 * images (also without Content-Disposition), attachments, loops and bounces.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execute } from '../../../core/commands/context.ts';
import { updateConversation } from '../../../core/commands/update-conversation.ts';
import { mayAutoSend } from '../domain/auto-mail.ts';
import { addressStateOf } from '../store/address-state.ts';
import {
  conversationOf,
  deliver,
  emailApp,
  messagesOf,
  sent,
  type EmailApp,
} from '../test/email-app.ts';
import { ingestRawMail } from './ingest.ts';

let e: EmailApp;
beforeAll(async () => {
  e = await emailApp();
});
afterAll(async () => {
  await e?.app.stop();
});

const fixture = (name: string) =>
  readFileSync(join(import.meta.dirname, '..', 'test', 'fixtures', name));

/** The customer's first mail, and our reply `<kefu-<tag>@shop.example>` to it. */
async function thread(from: string, subject: string, tag: string): Promise<string> {
  const r = await deliver(e, {
    From: from,
    Subject: subject,
    'Message-ID': `<first-${tag}@x.example>`,
  });
  await sent(e, r.conversationId!, `<kefu-${tag}@shop.example>`);
  return r.conversationId!;
}

const ingest = (name: string) =>
  ingestRawMail(e.app.services, { inboxId: e.inboxId, raw: fixture(name), source: 'imap' });

const attachmentsOf = (messageId: string) =>
  e.app.services.database.db
    .selectFrom('attachments')
    .selectAll()
    .where('message_id', '=', messageId)
    .execute();

describe('mail clients', () => {
  it('Outlook: quoted-printable, its header block quoted, styles and the tracking pixel gone', async () => {
    const c = await thread('Alice Wang <alice@customer.example>', 'Order #1234 late', 'outlook');
    const r = await ingest('outlook-reply.eml');
    expect(r).toMatchObject({ status: 'stored', conversationId: c });
    const m = (await messagesOf(e, c)).at(-1)!;
    expect(m.content).toBe('The parcel still has not arrived. Can you check again?\n\nAlice Wang');
    const email = m.attributes.email;
    expect(email.quoted).toMatch(/^_{32}\nFrom: Shop Support <support@shop\.example>\nSent:/);
    expect(email).toMatchObject({
      subject: 'RE: Order #1234 late',
      from: { address: 'alice@customer.example', name: 'Alice Wang' },
      to: [{ address: 'support@shop.example', name: 'Shop Support' }],
      messageId:
        'db9pr08mb6588c1a2b3d4e5f6a7b8c9d0e1f2a3b4@db9pr08mb6588.eurprd08.prod.outlook.com',
      inReplyTo: ['kefu-outlook@shop.example'],
      references: ['order-1234@customer.example', 'kefu-outlook@shop.example'],
      date: '2025-06-02T11:02:02.000Z',
      source: 'imap',
    });
    expect(email.html).toContain('The parcel still has not arrived.');
    expect(email.html).not.toMatch(/<style|<head| src="https:/);
    expect(email.html).toContain('data-kefu-remote-src="https://pixel.tracker.example/open.gif"');
  });

  it('Gmail: the wrapped "On … wrote:" quote, an inline image by cid', async () => {
    const c = await thread('Bob Li <bob@gmail.example>', 'Router keeps dropping', 'gmail');
    const r = await ingest('gmail-reply.eml');
    expect(r.conversationId).toBe(c);
    const m = (await messagesOf(e, c)).at(-1)!;
    expect(m.content).toBe('Thanks, that worked! Photo of the label attached inline.');
    expect(m.attributes.email.quoted).toMatch(/^On Mon, Jun 2, 2025 at 10:00 AM Shop Support/);
    const [image] = await attachmentsOf(m.id);
    expect(image).toMatchObject({ content_type: 'image/png', file_name: 'label.png' });
    expect(m.attributes.email.inline).toEqual({ ii_mbg1k2l30: image!.id });
    expect(m.attributes.email.html).toContain('src="cid:ii_mbg1k2l30"');
    // A DKIM signature that does not verify (there is no key for it): not verified.
    expect(m.attributes.email.auth.verified).toBe(false);
  });

  it('Apple Mail: an image part without Content-Disposition, no script or handler, the iPhone signature', async () => {
    const c = await thread('chen@icloud.example', 'Screenshot please', 'apple');
    const r = await ingest('apple-mail.eml');
    expect(r.conversationId).toBe(c);
    const m = (await messagesOf(e, c)).at(-1)!;
    expect(m.content).toBe('Here is the screenshot.');
    expect(m.attributes.email.signature).toBe('Sent from my iPhone');
    expect(m.attributes.email.quoted).toMatch(/^> On 2 Jun 2025, at 10:00, Shop Support/);
    const [image] = await attachmentsOf(m.id);
    expect(image).toMatchObject({ content_type: 'image/png', file_name: 'IMG_0042.png' });
    const cid = 'f2a9c1b0-0d44-4e5c-8a77-3c1e2b9d4a10';
    expect(m.attributes.email.inline).toEqual({ [cid]: image!.id });
    expect(m.attributes.email.html).toContain(`src="cid:${cid.toUpperCase()}"`);
    expect(m.attributes.email.html).not.toMatch(/script|onerror|alert/);
  });

  it('Thunderbird: bottom-posted, format=flowed joined, the -- signature, an encoded name, a PDF', async () => {
    const c = await thread('david@mueller.example', 'Invoice 2025-0602', 'tb');
    const r = await ingest('thunderbird-flowed.eml');
    expect(r.conversationId).toBe(c);
    const m = (await messagesOf(e, c)).at(-1)!;
    expect(m.content).toBe(
      'I have checked the invoice and the amount is wrong: it should be 120 EUR, not 210 EUR. Please send a corrected one.',
    );
    expect(m.attributes.email.quoted).toBe(
      'On 6/2/25 10:00, Shop Support wrote:\n> Your invoice is attached. Thank you.',
    );
    expect(m.attributes.email.signature).toBe('-- \nDavid Müller\nMüller GmbH');
    expect(m.attributes.email.from).toEqual({
      address: 'david@mueller.example',
      name: 'David Müller',
    });
    expect(await attachmentsOf(m.id)).toMatchObject([
      { content_type: 'application/pdf', file_name: 'invoice-corrected.pdf' },
    ]);
  });

  it('Foxmail: GB2312 subject, name and base64 body', async () => {
    const r = await ingest('foxmail-gb2312.eml');
    expect(r.status).toBe('stored');
    const m = (await messagesOf(e, r.conversationId!))[0]!;
    expect(m.attributes.email.subject).toBe('订单仍未收到');
    expect(m.attributes.email.from).toEqual({ address: 'wangfang@qq.example', name: '王芳' });
    expect(m.content).toBe('您好，我的订单 #5678 还没有收到，请帮忙查一下。\n\n谢谢！\n王芳');
    const conv = await conversationOf(e, r.conversationId!);
    expect(JSON.parse(conv.custom_attributes)).toEqual({ email: { subject: '订单仍未收到' } });
  });
});

describe('automatic mail', () => {
  it('an out-of-office reply is kept, marked, and does not reopen the resolved conversation', async () => {
    const c = await thread('erin@customer.example', 'Order late', 'auto');
    await execute(e.app.services, e.acct.users.owner.actor, updateConversation, {
      conversationId: c,
      status: 'resolve',
    });
    const r = await ingest('auto-reply.eml');
    expect(r).toMatchObject({ status: 'looped', conversationId: c });
    const m = (await messagesOf(e, c)).at(-1)!;
    expect(m.attributes).toMatchObject({ noAutoReply: true, autoSubmitted: 'auto_replied' });
    expect(m.attributes.email.auto.reasons).toEqual(
      expect.arrayContaining(['auto_submitted', 'precedence', 'auto_response_suppress']),
    );
    expect((await conversationOf(e, c)).status).toBe('resolved');
    expect(await ingest('auto-reply.eml')).toMatchObject({ status: 'duplicate' });
  });

  it('a bounce marks the address and tells the conversation of the mail that bounced', async () => {
    const c = await thread('gone@customer.example', 'Where is my order', 'dsn');
    const r = await ingest('dsn-bounce.eml');
    expect(r).toMatchObject({ status: 'looped', conversationId: c });
    const m = (await messagesOf(e, c)).at(-1)!;
    expect(m).toMatchObject({ message_type: 'activity', sender_type: 'system' });
    expect(m.content).toBe('邮件投递失败：gone@customer.example (5.1.1)');
    expect(m.attributes.activity).toBe('email_bounce');
    expect(m.attributes.dsn).toMatchObject({
      reportingMta: 'mx.shop.example',
      originalMessageIds: ['kefu-dsn@shop.example'],
      recipients: [
        { recipient: 'gone@customer.example', action: 'failed', status: '5.1.1', state: 'bounced' },
      ],
    });
    const state = await addressStateOf(
      e.app.services.database.db,
      e.acct.accountId,
      'gone@customer.example',
    );
    expect(state).toBe('bounced');
    expect(
      mayAutoSend({
        recipient: 'gone@customer.example',
        ownAddresses: ['support@shop.example'],
        addressState: state,
        sentInWindow: 0,
        limitPerWindow: 5,
      }),
    ).toEqual({ send: false, reason: 'address_bounced' });
    // No contact for the mailer daemon.
    const daemon = await e.app.services.database.db
      .selectFrom('contacts')
      .select('id')
      .where('email', 'like', 'mailer-daemon%')
      .execute();
    expect(daemon).toEqual([]);
  });
});
