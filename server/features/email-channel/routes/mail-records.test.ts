/** The raw .eml download (visibility, tenancy, erasure) and the merge suggestions. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execute } from '../../../core/commands/context.ts';
import { findOrCreateContact } from '../../../core/commands/contacts.ts';
import { systemActor } from '../../../core/policies/actor.ts';
import type { Session } from '../../../test/test-app.ts';
import { eraseContactMail } from '../store/raw-mail.ts';
import { deliver, emailApp, type EmailApp } from '../test/email-app.ts';

let e: EmailApp;
let owner: Session;
let supervisor: Session;
let agent: Session;
let otherOwner: Session;

beforeAll(async () => {
  e = await emailApp();
  owner = await e.app.login(e.acct.users.owner.email, e.acct.users.owner.password);
  supervisor = await e.app.login(e.acct.users.supervisor.email, e.acct.users.supervisor.password);
  agent = await e.app.login(e.acct.users.agent.email, e.acct.users.agent.password);
  const other = await e.app.seedAccount();
  otherOwner = await e.app.login(other.users.owner.email, other.users.owner.password);
});
afterAll(async () => {
  await e?.app.stop();
});

describe('GET /api/v1/conversations/:id/messages/:messageId/eml', () => {
  it('serves the raw mail as a download, 404 for other accounts and once erased', async () => {
    const r = await deliver(
      e,
      { 'Message-ID': '<eml-1@customer.example>' },
      { body: 'Raw body\r\n' },
    );
    const path = `/api/v1/conversations/${r.conversationId}/messages/${r.messageId}/eml`;
    const res = await e.app.api('GET', path, { session: owner });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('message/rfc822');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="${r.messageId}.eml"`,
    );
    expect(res.body).toContain('Message-ID: <eml-1@customer.example>');
    expect((await e.app.api('GET', path, { session: otherOwner })).status).toBe(404);
    const wrong = `/api/v1/conversations/${r.conversationId}/messages/nope/eml`;
    expect((await e.app.api('GET', wrong, { session: owner })).status).toBe(404);
    const conv = await e.app.services.database.db
      .selectFrom('conversations')
      .select('contact_id')
      .where('id', '=', r.conversationId!)
      .executeTakeFirstOrThrow();
    await eraseContactMail(
      e.app.services.database.db,
      e.app.services.storage,
      e.acct.accountId,
      conv.contact_id,
    );
    expect((await e.app.api('GET', path, { session: owner })).status).toBe(404);
  });
});

describe('GET /api/v1/email/merge-suggestions', () => {
  it('lists the unverified duplicate of a known contact until they are merged', async () => {
    const { contact } = await execute(
      e.app.services,
      systemActor(e.acct.accountId),
      findOrCreateContact,
      {
        identity: { kind: 'email', value: 'known@customer.example' },
        email: 'known@customer.example',
      },
    );
    const r = await deliver(e, {
      From: 'known@customer.example',
      'Message-ID': '<ms-1@customer.example>',
    });
    const conv = await e.app.services.database.db
      .selectFrom('conversations')
      .select('contact_id')
      .where('id', '=', r.conversationId!)
      .executeTakeFirstOrThrow();
    const list = await e.app.api('GET', '/api/v1/email/merge-suggestions', { session: supervisor });
    expect(list.body.suggestions).toMatchObject([
      {
        contactId: conv.contact_id,
        candidateId: contact.id,
        address: 'known@customer.example',
        reason: 'same_email_unverified',
      },
    ]);
    expect(
      (await e.app.api('GET', '/api/v1/email/merge-suggestions', { session: agent })).status,
    ).toBe(403);
    expect(
      (await e.app.api('GET', '/api/v1/email/merge-suggestions', { session: otherOwner })).body
        .suggestions,
    ).toEqual([]);
    const merged = await e.app.api('POST', `/api/v1/contacts/${contact.id}/merge`, {
      session: supervisor,
      body: { sourceId: conv.contact_id },
    });
    expect(merged.status).toBe(200);
    expect(
      (await e.app.api('GET', '/api/v1/email/merge-suggestions', { session: owner })).body,
    ).toEqual({
      suggestions: [],
    });
    // After the merge the address's unverified mail lands on the merged contact.
    const next = await deliver(e, {
      From: 'known@customer.example',
      'Message-ID': '<ms-2@customer.example>',
    });
    const nextConv = await e.app.services.database.db
      .selectFrom('conversations')
      .select('contact_id')
      .where('id', '=', next.conversationId!)
      .executeTakeFirstOrThrow();
    expect(nextConv.contact_id).toBe(contact.id);
  });
});
