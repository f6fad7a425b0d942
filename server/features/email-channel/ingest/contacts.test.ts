/**
 * Who a mail is from: it joins the contact that has the address only when DKIM/DMARC verify
 * (mailauth, DNS from a table) or the inbox trusts its senders; otherwise an unverified contact and
 * a merge suggestion. The verdict is stored on the message.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execute } from '../../../core/commands/context.ts';
import { findOrCreateContact } from '../../../core/commands/contacts.ts';
import { systemActor } from '../../../core/policies/actor.ts';
import { dkimDomain, signed, type DkimDomain } from '../test/dns.ts';
import {
  conversationOf,
  emailApp,
  emailInbox,
  mail,
  messagesOf,
  type EmailApp,
} from '../test/email-app.ts';
import { ingestRawMail } from './ingest.ts';

let e: EmailApp;
let d: DkimDomain;
let known: string;

beforeAll(async () => {
  d = dkimDomain('customer.example');
  e = await emailApp({}, undefined, d.dns);
  const { contact } = await execute(
    e.app.services,
    systemActor(e.acct.accountId),
    findOrCreateContact,
    {
      identity: { kind: 'email', value: 'alice@customer.example' },
      name: 'Alice',
      email: 'alice@customer.example',
    },
  );
  known = contact.id;
});
afterAll(async () => {
  await e?.app.stop();
});

const contactOf = async (conversationId: string) =>
  (await conversationOf(e, conversationId)).contact_id;

describe('sender verification', () => {
  it('a DKIM-signed mail aligned with From (DMARC pass) joins the contact that has the address', async () => {
    const raw = await signed(mail({ 'Message-ID': '<v1@customer.example>' }), d);
    const r = await ingestRawMail(e.app.services, { inboxId: e.inboxId, raw, source: 'imap' });
    expect(r.status).toBe('stored');
    expect(await contactOf(r.conversationId!)).toBe(known);
    const m = (await messagesOf(e, r.conversationId!))[0]!;
    expect(m.sender_id).toBe(known);
    expect(m.attributes.email.auth).toMatchObject({
      verified: true,
      basis: 'dmarc_pass',
      dkim: 'pass',
      dkimDomain: 'customer.example',
    });
  });

  it('a mail that cannot be verified gets its own contact and a merge suggestion, once per address', async () => {
    const tampered = await signed(
      mail({ 'Message-ID': '<v2@customer.example>', Subject: 'Hi' }),
      d,
    );
    const raw = Buffer.from(
      tampered.toString().replace('Subject: Hi', 'Subject: Pay to my new account'),
    );
    const r = await ingestRawMail(e.app.services, { inboxId: e.inboxId, raw, source: 'smtp' });
    const stranger = await contactOf(r.conversationId!);
    expect(stranger).not.toBe(known);
    const m = (await messagesOf(e, r.conversationId!))[0]!;
    expect(m.attributes.email.auth).toMatchObject({
      verified: false,
      basis: 'not_verified',
      dkim: 'fail',
    });
    const suggestions = await e.app.services.database.db
      .selectFrom('email_merge_suggestions')
      .selectAll()
      .where('account_id', '=', e.acct.accountId)
      .execute();
    expect(suggestions).toMatchObject([
      { contact_id: stranger, candidate_id: known, address: 'alice@customer.example' },
    ]);
    const again = await ingestRawMail(e.app.services, {
      inboxId: e.inboxId,
      raw: mail({ 'Message-ID': '<v3@customer.example>', Subject: 'Another' }),
      source: 'smtp',
    });
    expect(await contactOf(again.conversationId!)).toBe(stranger);
    const identities = await e.app.services.database.db
      .selectFrom('contact_identities')
      .select('contact_id')
      .where('value', '=', 'alice@customer.example')
      .execute();
    expect(identities).toEqual([{ contact_id: known }]);
  });

  it('a first unverified mail from a new address never takes the address as an identity', async () => {
    const r = await ingestRawMail(e.app.services, {
      inboxId: e.inboxId,
      raw: mail({ From: 'Dan <dan@new.example>', 'Message-ID': '<v4@new.example>' }),
      source: 'smtp',
    });
    const contact = await e.app.services.database.db
      .selectFrom('contacts')
      .selectAll()
      .where('id', '=', await contactOf(r.conversationId!))
      .executeTakeFirstOrThrow();
    expect(contact).toMatchObject({ email: 'dan@new.example', name: 'Dan' });
    expect(JSON.parse(contact.attributes)).toEqual({ emailUnverified: true });
    const ids = await e.app.services.database.db
      .selectFrom('contact_identities')
      .select('id')
      .where('value', '=', 'dan@new.example')
      .execute();
    expect(ids).toEqual([]);
  });

  it('an inbox set to trust its senders joins the contact without verification', async () => {
    const trusting = await emailInbox(
      e.app,
      e.acct,
      { email: { address: 'vip@shop.example', trustSenders: true } },
      'VIP',
    );
    const r = await ingestRawMail(e.app.services, {
      inboxId: trusting,
      raw: mail({ 'Message-ID': '<v5@customer.example>', To: 'vip@shop.example' }),
      source: 'webhook',
    });
    expect(await contactOf(r.conversationId!)).toBe(known);
    expect((await messagesOf(e, r.conversationId!))[0]!.attributes.email.auth).toMatchObject({
      verified: true,
      basis: 'trusted_inbox',
    });
  });
});
