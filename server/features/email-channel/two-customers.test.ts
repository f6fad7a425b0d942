/**
 * Issue 15's "done when", end to end on real parts: two people write to support — Alice through
 * Kefu's own SMTP listener (nodemailer on loopback), Bob into a mailbox on a real dovecot that Kefu
 * syncs over IMAP — an agent answers both through the API, the replies reach a real SMTP relay
 * threaded to each customer's mail, and each customer's answer to the reply (Alice again over
 * SMTP, Bob again into dovecot) lands in the same conversation as before, never in the other's.
 */
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from '../../test/wait.ts';
import { type Dovecot, HAS_DOVECOT, startDovecot } from './imap/test/dovecot.ts';
import { appendMails, imapBody, putImap } from './imap/test/setup.ts';
import { setMailAuthResolver } from './ingest/authenticate.ts';
import {
  agentReplies,
  emailInboxOf,
  type OutboundApp,
  outboundApp,
  setRelay,
} from './outbound/test/outbound-app.ts';
import { type ReceivedMail, TestRelay } from './outbound/test/relay.ts';
import { smtpListenerOf } from './smtp/listener.ts';
import { tableResolver } from './test/dns.ts';

let o: OutboundApp;
let relay: TestRelay;
let dovecot: Dovecot;
let smtpPort: number;
let imapInbox: string;

beforeAll(async () => {
  o = await outboundApp({ SMTP_PORT: '0', IMAP_RESYNC_SECONDS: '1' });
  setMailAuthResolver(o.app.services, tableResolver({})); // there is no DNS here
  relay = await new TestRelay().start();
  await setRelay(o, relay.port);
  smtpPort = (await smtpListenerOf(o.app.services)!).port;
  if (!HAS_DOVECOT) return;
  dovecot = await startDovecot();
  imapInbox = await emailInboxOf(o.app, o.acct, 'help@shop.example');
  await setRelay(o, relay.port, { fromAddress: 'help@shop.example' }, imapInbox);
  const r = await putImap(o.app, o.owner, imapInbox, imapBody(dovecot));
  expect(r.status).toBe(200);
}, 120_000);
afterAll(async () => {
  await o?.app.stop();
  await relay?.stop();
  await dovecot?.stop({ remove: true });
});

const smtp = () =>
  nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true });

/** Bob's mail client files a mail into the mailbox Kefu syncs. */
function bobMail(h: { id: string; subject: string; inReplyTo?: string }, text: string) {
  return Buffer.from(
    [
      'From: Bob <bob@customer.example>',
      'To: help@shop.example',
      `Subject: ${h.subject}`,
      `Date: ${new Date().toUTCString()}`,
      `Message-ID: <${h.id}>`,
      ...(h.inReplyTo ? [`In-Reply-To: ${h.inReplyTo}`, `References: ${h.inReplyTo}`] : []),
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      text,
      '',
    ].join('\r\n'),
  );
}

const conversationOfMail = (rfcId: string) =>
  until(
    () =>
      o.app.services.database.db
        .selectFrom('messages')
        .select(['conversation_id', 'content'])
        .where('external_id', '=', rfcId)
        .executeTakeFirst()
        .then(
          async (m) =>
            m ??
            o.app.services.database.db
              .selectFrom('email_message_ids')
              .select(['conversation_id'])
              .where('message_id', '=', rfcId.toLowerCase())
              .executeTakeFirst(),
        ),
    Boolean,
    { timeoutMs: 60_000, what: `the mail ${rfcId} stored` },
  ).then((r) => (r as { conversation_id: string }).conversation_id);

const replyWith = (text: string) =>
  until(() => relay.mails.find((m) => m.parsed.text?.includes(text)), Boolean, {
    timeoutMs: 60_000,
    what: `the reply "${text}" at the relay`,
  }) as Promise<ReceivedMail>;

describe.skipIf(!HAS_DOVECOT)('two customers, two ways in, threaded both ways', () => {
  it('Alice over SMTP and Bob over IMAP get threaded replies, and their answers thread back', async () => {
    // 1. Both write.
    await smtp().sendMail({
      from: 'Alice <alice@customer.example>',
      to: 'support@shop.example',
      subject: 'Where is order 1001?',
      text: 'Order 1001 has not arrived.',
      messageId: '<alice-1@customer.example>',
    });
    await appendMails(dovecot, 'INBOX', [
      bobMail({ id: 'bob-1@customer.example', subject: 'Refund for 2002' }, 'Please refund 2002.'),
    ]);
    const alice = await conversationOfMail('alice-1@customer.example');
    const bob = await conversationOfMail('bob-1@customer.example');
    expect(alice).not.toBe(bob);

    // 2. The agent answers both; the replies reach the relay threaded to each customer's mail.
    await agentReplies(o, alice, 'Alice, order 1001 arrives tomorrow.');
    await agentReplies(o, bob, 'Bob, the refund for 2002 is on its way.');
    const toAlice = await replyWith('order 1001 arrives tomorrow');
    const toBob = await replyWith('refund for 2002 is on its way');
    expect(toAlice.parsed.inReplyTo).toBe('<alice-1@customer.example>');
    expect(toAlice.parsed.subject).toBe('Re: Where is order 1001?');
    expect(toAlice.envelope.to).toEqual(['alice@customer.example']);
    expect(toBob.parsed.inReplyTo).toBe('<bob-1@customer.example>');
    expect(toBob.parsed.subject).toBe('Re: Refund for 2002');
    expect(toBob.envelope.to).toEqual(['bob@customer.example']);

    // 3. Each answers the reply: Alice over SMTP again, Bob into the mailbox again.
    const aliceReplyId = toAlice.parsed.messageId!;
    const bobReplyId = toBob.parsed.messageId!;
    await smtp().sendMail({
      from: 'Alice <alice@customer.example>',
      to: 'support@shop.example',
      subject: 'Re: Where is order 1001?',
      text: 'Thanks, I will wait.',
      messageId: '<alice-2@customer.example>',
      inReplyTo: aliceReplyId,
      references: [aliceReplyId],
    });
    await appendMails(dovecot, 'INBOX', [
      bobMail(
        { id: 'bob-2@customer.example', subject: 'Re: Refund for 2002', inReplyTo: bobReplyId },
        'Got it, thank you.',
      ),
    ]);
    expect(await conversationOfMail('alice-2@customer.example')).toBe(alice);
    expect(await conversationOfMail('bob-2@customer.example')).toBe(bob);
    const conversations = await o.app.services.database.db
      .selectFrom('conversations')
      .select('id')
      .where('account_id', '=', o.acct.accountId)
      .where('inbox_id', 'in', [o.inboxId, imapInbox])
      .execute();
    expect(conversations.map((c) => c.id).sort()).toEqual([alice, bob].sort());
  }, 180_000);
});
