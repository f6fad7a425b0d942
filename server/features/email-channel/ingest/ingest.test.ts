/**
 * ingestRawMail on a real database and file storage: idempotency, bad input, failures counted and
 * quarantined (never retried forever), tombstones, the raw mail encrypted under the contact's key.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { tombstoneConversation } from '../commands/tombstone.ts';
import { eraseContactMail, readRawMail } from '../store/raw-mail.ts';
import {
  conversationOf,
  deliver,
  emailApp,
  mail,
  messagesOf,
  sent,
  type EmailApp,
} from '../test/email-app.ts';
import { ingestRawMail } from './ingest.ts';
import { retryFailedMail } from './retry.ts';

let e: EmailApp;
beforeAll(async () => {
  e = await emailApp({ EMAIL_INGEST_MAX_ATTEMPTS: '3', EMAIL_MAX_BYTES: '200000' });
});
afterAll(async () => {
  await e?.app.stop();
});

const db = () => e.app.services.database.db;
const keyOf = (dedupe: string) =>
  db()
    .selectFrom('email_inbound_keys')
    .selectAll()
    .where('inbox_id', '=', e.inboxId)
    .where('dedupe_key', '=', dedupe)
    .executeTakeFirst();

/** File storage that fails for files containing `marker` (a full or broken disk, for one mail). */
function failStorageFor(marker: string): () => void {
  const storage = e.app.services.storage;
  const put = storage.put.bind(storage);
  storage.put = async (key, data) => {
    if (data.includes(marker)) throw Object.assign(new Error('disk full'), { code: 'ENOSPC' });
    return put(key, data);
  };
  return () => {
    storage.put = put;
  };
}
let restore: (() => void) | null = null;
afterEach(() => {
  restore?.();
  restore = null;
});

const withAttachment = (id: string, content: string) =>
  mail(
    { 'Message-ID': `<${id}@customer.example>`, 'Content-Type': 'multipart/mixed; boundary="B"' },
    `--B\r\nContent-Type: text/plain\r\n\r\nsee file\r\n--B\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename="a.bin"\r\n\r\n${content}\r\n--B--\r\n`,
  );

describe('idempotency and bad input', () => {
  it('one key per inbox and Message-ID: a redelivery from another path is a duplicate', async () => {
    const raw = mail({ 'Message-ID': '<First@Customer.example>' });
    const first = await ingestRawMail(e.app.services, { inboxId: e.inboxId, raw, source: 'smtp' });
    expect(first.status).toBe('stored');
    for (const source of ['imap', 'webhook'] as const)
      expect(await ingestRawMail(e.app.services, { inboxId: e.inboxId, raw, source })).toEqual({
        status: 'duplicate',
        conversationId: first.conversationId,
        messageId: first.messageId,
      });
    expect(await messagesOf(e, first.conversationId!)).toHaveLength(1);
    expect(await keyOf('mid:first@customer.example')).toMatchObject({
      status: 'stored',
      attempts: 1,
    });
  });

  it('concurrent deliveries of one mail store it once; two first mails of a new address share a contact', async () => {
    const raw = mail({ 'Message-ID': '<race-1@race.example>', From: 'race@race.example' });
    const same = await Promise.all(
      ['smtp', 'imap', 'webhook'].map((source) =>
        ingestRawMail(e.app.services, { inboxId: e.inboxId, raw, source: source as 'smtp' }),
      ),
    );
    expect(same.map((r) => r.status).sort()).toEqual(['duplicate', 'duplicate', 'stored']);
    expect(new Set(same.map((r) => r.conversationId)).size).toBe(1);
    const two = await Promise.all(
      ['a', 'b'].map((x) =>
        deliver(e, {
          'Message-ID': `<race-${x}@race.example>`,
          From: 'new@race2.example',
          Subject: x,
        }),
      ),
    );
    expect(two.map((r) => r.status)).toEqual(['stored', 'stored']);
    const contacts = await Promise.all(
      two.map(async (r) => (await conversationOf(e, r.conversationId!)).contact_id),
    );
    expect(contacts[0]).toBe(contacts[1]);
  });

  it('refuses an unknown inbox, a widget inbox, a mail over the size limit, a mail without sender', async () => {
    for (const inboxId of [e.acct.inboxId, 'nope'])
      expect(
        await ingestRawMail(e.app.services, { inboxId, raw: mail({}), source: 'imap' }),
      ).toEqual({
        status: 'rejected',
        error: 'not_found',
      });
    const big = mail({}, `${'x'.repeat(210_000)}\r\n`);
    expect(
      await ingestRawMail(e.app.services, { inboxId: e.inboxId, raw: big, source: 'imap' }),
    ).toEqual({ status: 'rejected', error: 'payload_too_large' });
    const noSender = await deliver(e, { From: '', 'Message-ID': '<nosender@x.example>' });
    expect(noSender).toEqual({ status: 'rejected', error: 'email_no_sender' });
    expect(await deliver(e, { From: '', 'Message-ID': '<nosender@x.example>' })).toMatchObject({
      status: 'duplicate',
    });
  });

  it('our own mail coming back (a Bcc to ourselves) is not a customer message', async () => {
    const c = await deliver(e, { 'Message-ID': '<own-1@customer.example>' });
    await sent(e, c.conversationId!, '<kefu-own-1@shop.example>');
    const echo = await deliver(e, {
      From: 'support@shop.example',
      To: 'alice@customer.example',
      'Message-ID': '<kefu-own-1@shop.example>',
    });
    expect(echo).toEqual({ status: 'looped', error: 'email_own_mail' });
    const loop = await deliver(e, { From: 'Support <support+x@shop.example>', Subject: 'Loop' });
    expect(loop).toEqual({ status: 'looped', error: 'email_own_address' });
    expect(await messagesOf(e, c.conversationId!)).toHaveLength(1);
  });
});

describe('failures', () => {
  it('a failing mail is counted, kept in quarantine, tried at most N times, and an admin can retry it', async () => {
    restore = failStorageFor('BROKEN-PART');
    const raw = withAttachment('fail-1', 'BROKEN-PART');
    const results = [];
    for (let i = 0; i < 4; i++)
      results.push(
        await ingestRawMail(e.app.services, { inboxId: e.inboxId, raw, source: 'imap' }),
      );
    expect(results.map((r) => r.error)).toEqual([
      'email_ingest_failed',
      'email_ingest_failed',
      'email_ingest_attempts_exhausted',
      'email_ingest_attempts_exhausted',
    ]);
    const key = await keyOf('mid:fail-1@customer.example');
    expect(key).toMatchObject({ status: 'failed', attempts: 3 });
    expect(key!.last_error).toContain('ENOSPC');
    // The fourth delivery was not tried: no attempt counted, no file stored again.
    const attachments = await db()
      .selectFrom('attachments')
      .select('id')
      .where('file_name', '=', 'a.bin')
      .execute();
    expect(attachments).toEqual([]);
    restore();
    restore = null;
    const retried = await retryFailedMail(e.app.services, e.acct.accountId, e.inboxId, key!.id);
    expect(retried.status).toBe('stored');
    expect(await keyOf('mid:fail-1@customer.example')).toMatchObject({
      status: 'stored',
      raw_storage_key: null,
    });
    await expect(
      retryFailedMail(e.app.services, e.acct.accountId, e.inboxId, key!.id),
    ).rejects.toMatchObject({ code: 'email_not_failed' });
    await expect(
      retryFailedMail(e.app.services, 'other-account', e.inboxId, key!.id),
    ).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('tombstones', () => {
  it('a deleted conversation is never imported again; a later reply starts a new one', async () => {
    const raw = mail({ 'Message-ID': '<tomb-1@customer.example>', Subject: 'Delete me' });
    const r = await ingestRawMail(e.app.services, { inboxId: e.inboxId, raw, source: 'imap' });
    const conv = await conversationOf(e, r.conversationId!);
    await tombstoneConversation(db(), {
      accountId: conv.account_id,
      inboxId: e.inboxId,
      conversationId: conv.id,
      now: Date.now(),
    });
    expect(
      await ingestRawMail(e.app.services, { inboxId: e.inboxId, raw, source: 'imap' }),
    ).toMatchObject({
      status: 'duplicate',
    });
    expect(await keyOf('mid:tomb-1@customer.example')).toMatchObject({ status: 'tombstoned' });
    const reply = await deliver(e, {
      'In-Reply-To': '<tomb-1@customer.example>',
      Subject: 'Re: Delete me',
    });
    expect(reply.conversationId).not.toBe(conv.id);
    expect((await messagesOf(e, reply.conversationId!))[0]!.attributes.email.thread).toEqual({
      new: 'conversation_deleted',
    });
  });
});

describe('raw mail at rest', () => {
  it('is encrypted, readable with the contact key, and gone once the contact is erased', async () => {
    const secretText = 'My card number is 4111 1111 1111 1111';
    const r = await deliver(
      e,
      { 'Message-ID': '<raw-1@customer.example>', From: 'eve@raw.example' },
      { body: `${secretText}\r\n` },
    );
    const row = await db()
      .selectFrom('email_raw_mail')
      .selectAll()
      .where('message_id', '=', r.messageId!)
      .executeTakeFirstOrThrow();
    const blob = await e.app.services.storage.get(row.storage_key);
    expect(blob!.includes(secretText)).toBe(false);
    const read = () =>
      readRawMail(
        db(),
        e.app.services.storage,
        e.app.services.secret,
        e.acct.accountId,
        r.messageId!,
      );
    expect((await read())!.toString()).toContain(secretText);
    expect(
      await readRawMail(db(), e.app.services.storage, e.app.services.secret, 'other', r.messageId!),
    ).toBeNull();
    expect(
      await eraseContactMail(db(), e.app.services.storage, e.acct.accountId, row.contact_id),
    ).toBe(1);
    expect(await read()).toBeNull();
    expect(await e.app.services.storage.get(row.storage_key)).toBeNull();
  });
});
