/**
 * The built-in SMTP listener, for real: smtp-server on a loopback port, mail sent with nodemailer.
 * Recipients refused unless an email inbox has the address, one conversation per inbox for a mail
 * to several, the size limit, 451 while a failing mail can be retried, STARTTLS only with a certificate.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailApp, emailInbox, messagesOf, type EmailApp } from '../test/email-app.ts';
import { smtpListenerOf } from './listener.ts';

let e: EmailApp;
let port: number;
let sales: string;

beforeAll(async () => {
  e = await emailApp({ SMTP_PORT: '0', EMAIL_MAX_BYTES: '100000' });
  sales = await emailInbox(e.app, e.acct, { email: { address: 'sales@shop.example' } }, 'Sales');
  port = (await smtpListenerOf(e.app.services)!).port;
});
afterAll(async () => {
  await e?.app.stop();
});

const transport = (p = port, tls = false) =>
  nodemailer.createTransport({
    host: '127.0.0.1',
    port: p,
    secure: false,
    ...(tls ? { requireTLS: true, tls: { rejectUnauthorized: false } } : { ignoreTLS: true }),
  });

const conversationsOf = (inboxId: string) =>
  e.app.services.database.db
    .selectFrom('conversations')
    .innerJoin('contacts', 'contacts.id', 'conversations.contact_id')
    .select(['conversations.id', 'contacts.email'])
    .where('conversations.inbox_id', '=', inboxId)
    .execute();

describe('SMTP listener', () => {
  it('takes a mail for the inbox address and stores it', async () => {
    const info = await transport().sendMail({
      from: 'Alice <alice@customer.example>',
      to: 'support@shop.example',
      subject: 'Hello over SMTP',
      text: 'Is my order shipped?',
      messageId: '<smtp-1@customer.example>',
    });
    expect(info.accepted).toEqual(['support@shop.example']);
    const [c] = (await conversationsOf(e.inboxId)).filter(
      (r) => r.email === 'alice@customer.example',
    );
    const [m] = await messagesOf(e, c!.id);
    expect(m).toMatchObject({ content: 'Is my order shipped?' });
    expect(m!.attributes.email).toMatchObject({ subject: 'Hello over SMTP', source: 'smtp' });
  });

  it('refuses recipients no inbox has (550), accepts plus-addresses', async () => {
    await expect(
      transport().sendMail({ from: 'x@customer.example', to: 'nobody@shop.example', text: 'hi' }),
    ).rejects.toMatchObject({ responseCode: 550 });
    const info = await transport().sendMail({
      from: 'x@customer.example',
      to: ['nobody@shop.example', 'support+anything@shop.example'],
      text: 'hi',
    });
    expect(info.accepted).toEqual(['support+anything@shop.example']);
    expect(info.rejected).toEqual(['nobody@shop.example']);
  });

  it('one mail to two inboxes (and a plus-address of one): one conversation in each, no duplicate', async () => {
    await transport().sendMail({
      from: 'bulk@buyer.example',
      to: 'support@shop.example',
      cc: ['sales@shop.example', 'support+orders@shop.example'],
      subject: 'Quote for 500 units',
      text: 'Please quote.',
      messageId: '<smtp-two@buyer.example>',
    });
    const inSupport = (await conversationsOf(e.inboxId)).filter(
      (r) => r.email === 'bulk@buyer.example',
    );
    const inSales = (await conversationsOf(sales)).filter((r) => r.email === 'bulk@buyer.example');
    expect(inSupport).toHaveLength(1);
    expect(inSales).toHaveLength(1);
    expect(await messagesOf(e, inSupport[0]!.id)).toHaveLength(1);
  });

  it('refuses a mail over EMAIL_MAX_BYTES (552)', async () => {
    await expect(
      transport().sendMail({
        from: 'big@customer.example',
        to: 'support@shop.example',
        text: 'x'.repeat(150_000),
      }),
    ).rejects.toMatchObject({ responseCode: 552 });
  });

  it('answers 451 while a failing mail can be retried; the retry stores it once', async () => {
    const storage = e.app.services.storage;
    const put = storage.put.bind(storage);
    storage.put = async (key, data) => {
      if (data.includes('FAILS-TO-STORE')) throw new Error('disk full');
      return put(key, data);
    };
    const message = {
      from: 'retry@customer.example',
      to: 'support@shop.example',
      text: 'with a file',
      messageId: '<smtp-retry@customer.example>',
      attachments: [{ filename: 'f.txt', content: 'FAILS-TO-STORE' }],
    };
    try {
      await expect(transport().sendMail(message)).rejects.toMatchObject({ responseCode: 451 });
    } finally {
      storage.put = put;
    }
    await transport().sendMail(message);
    await transport().sendMail(message);
    const convs = (await conversationsOf(e.inboxId)).filter(
      (r) => r.email === 'retry@customer.example',
    );
    expect(convs).toHaveLength(1);
    expect(await messagesOf(e, convs[0]!.id)).toHaveLength(1);
  });

  it('offers STARTTLS only when a certificate is configured', async () => {
    await expect(
      transport(port, true).sendMail({
        from: 'a@customer.example',
        to: 'support@shop.example',
        text: 'x',
      }),
    ).rejects.toThrow();
    const dir = mkdtempSync(join(tmpdir(), 'kefu-smtp-tls-'));
    const [key, cert] = [join(dir, 'key.pem'), join(dir, 'cert.pem')];
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
      ],
      { stdio: 'ignore' },
    );
    const tls = await emailApp({ SMTP_PORT: '0', SMTP_TLS_CERT: cert, SMTP_TLS_KEY: key });
    try {
      const tlsPort = (await smtpListenerOf(tls.app.services)!).port;
      const info = await transport(tlsPort, true).sendMail({
        from: 'secure@customer.example',
        to: 'support@shop.example',
        text: 'over TLS',
      });
      expect(info.accepted).toEqual(['support@shop.example']);
    } finally {
      await tls.app.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
