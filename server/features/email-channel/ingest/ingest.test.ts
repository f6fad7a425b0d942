/** Inbound mail through ingestRawMail on a real database. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailApp, mail, type EmailApp } from '../test/email-app.ts';
import { ingestRawMail } from './ingest.ts';

let e: EmailApp;
beforeAll(async () => {
  e = await emailApp();
});
afterAll(async () => {
  await e?.app.stop();
});

describe('ingestRawMail', () => {
  it('stores a mail once and threads a reply to it', async () => {
    const raw = mail({ 'Message-ID': '<First@customer.example>' });
    const first = await ingestRawMail(e.app.services, { inboxId: e.inboxId, raw, source: 'smtp' });
    expect(first).toMatchObject({ status: 'stored' });
    const again = await ingestRawMail(e.app.services, { inboxId: e.inboxId, raw, source: 'imap' });
    expect(again).toMatchObject({ status: 'duplicate', conversationId: first.conversationId });
    const reply = mail({
      'Message-ID': '<second@customer.example>',
      'In-Reply-To': '<first@customer.example>',
    });
    const second = await ingestRawMail(e.app.services, {
      inboxId: e.inboxId,
      raw: reply,
      source: 'smtp',
    });
    expect(second).toMatchObject({ status: 'stored', conversationId: first.conversationId });
  });

  it('rejects mail for an inbox that is not an email inbox', async () => {
    const r = await ingestRawMail(e.app.services, {
      inboxId: e.acct.inboxId,
      raw: mail({}),
      source: 'webhook',
    });
    expect(r).toMatchObject({ status: 'rejected', error: 'not_found' });
  });
});
