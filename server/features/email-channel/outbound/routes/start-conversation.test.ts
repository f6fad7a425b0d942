/**
 * An agent starts an email conversation: the contact by address (created once), a conversation in
 * the email inbox assigned to them, the first mail with their subject; the customer's answer
 * threads back into it through the inbound half, and the next reply answers it as "Re:".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestRawMail } from '../../ingest/ingest.ts';
import { until } from '../../../../test/wait.ts';
import { startRelay, type TestRelay } from '../test/relay.ts';
import {
  agentReplies,
  emailInboxOf,
  type OutboundApp,
  outboundApp,
  outboxIn,
  setRelay,
} from '../test/outbound-app.ts';

let o: OutboundApp;
let relay: TestRelay;

beforeAll(async () => {
  o = await outboundApp();
  relay = await startRelay();
  await setRelay(o, relay.port);
});
afterAll(async () => {
  await relay?.stop();
  await o?.app.stop();
});

const start = (body: Record<string, unknown>, session = o.agent) =>
  o.app.api('POST', '/api/v1/email/conversations', {
    session,
    body: {
      inboxId: o.inboxId,
      to: 'New.Customer@Customer.Example',
      name: 'New Customer',
      subject: 'Your quote',
      content: 'Here is the quote you asked for.',
      ...body,
    },
  });

describe('an agent starts an email conversation', () => {
  it('creates the contact and conversation, sends the first mail, and the answer threads back', async () => {
    const r = await start({ clientMessageId: 'start-1' });
    expect(r.status).toBe(201);
    const { conversation, message } = r.body;
    expect(conversation).toMatchObject({
      inboxId: o.inboxId,
      status: 'open',
      mode: 'human',
      assigneeId: o.agent.userId,
    });
    expect(message).toMatchObject({
      type: 'outgoing',
      attributes: { email: { subject: 'Your quote', to: 'new.customer@customer.example' } },
    });
    const contact = await o.app.api('GET', `/api/v1/contacts/${conversation.contactId}`, {
      session: o.agent,
    });
    expect(contact.body).toMatchObject({
      name: 'New Customer',
      email: 'new.customer@customer.example',
    });

    const row = await outboxIn(o, message.id, 'sent');
    const first = relay.mails.at(-1)!;
    expect(first.envelope.to).toEqual(['new.customer@customer.example']);
    expect(first.parsed.subject).toBe('Your quote');
    expect(first.parsed.inReplyTo).toBeUndefined();
    expect(first.parsed.messageId).toBe(row.rfc_message_id);

    // the same request again: the same conversation and message, no second mail
    const again = await start({ clientMessageId: 'start-1' });
    expect(again.status).toBe(200);
    expect(again.body.conversation.id).toBe(conversation.id);
    expect(again.body.message.id).toBe(message.id);

    // the customer answers from their mail client: the inbound half threads it by our Message-ID
    const answer = Buffer.from(
      [
        'From: New Customer <new.customer@customer.example>',
        `To: ${first.parsed.replyTo?.value[0]?.address}`,
        'Subject: Re: Your quote',
        'Date: Tue, 03 Jun 2025 09:00:00 +0000',
        'Message-ID: <answer-1@customer.example>',
        `In-Reply-To: ${row.rfc_message_id}`,
        `References: ${row.rfc_message_id}`,
        'MIME-Version: 1.0',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Looks good, go ahead.',
        '',
      ].join('\r\n'),
    );
    const stored = await ingestRawMail(o.app.services, {
      inboxId: o.inboxId,
      raw: answer,
      source: 'smtp',
    });
    expect(stored).toMatchObject({ status: 'stored', conversationId: conversation.id });

    const reply = await agentReplies(o, conversation.id, 'Great, ordered.');
    await outboxIn(o, reply.id, 'sent');
    const second = await until(() => relay.mails.find((m) => m.parsed.text?.startsWith('Great')));
    expect(second!.parsed.subject).toBe('Re: Your quote');
    expect(second!.parsed.inReplyTo).toBe('<answer-1@customer.example>');
    expect(second!.parsed.references).toEqual([row.rfc_message_id, '<answer-1@customer.example>']);
    expect(relay.mails.filter((m) => m.parsed.subject === 'Your quote')).toHaveLength(1);
  });

  it('reuses the contact of a known address and opens a new conversation each time', async () => {
    const a = await start({ to: 'known@customer.example', subject: 'First topic' });
    const b = await start({ to: 'KNOWN@customer.example', subject: 'Second topic' });
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.body.conversation.contactId).toBe(a.body.conversation.contactId);
    expect(b.body.conversation.id).not.toBe(a.body.conversation.id);
  });

  it('refuses what cannot be an email conversation, with stable codes', async () => {
    expect((await start({ inboxId: o.acct.inboxId })).body.error.code).toBe('not_an_email_inbox');
    expect((await start({ inboxId: 'not-an-id' })).status).toBe(404);
    expect((await start({ to: 'not an address' })).body.error.code).toBe('invalid_request');
    expect((await start({ subject: '   ' })).body.error.code).toBe('invalid_request');
    expect((await start({ content: '' })).body.error.code).toBe('invalid_request');
    // another account's email inbox does not exist for this agent
    const other = await o.app.seedAccount();
    const theirs = await emailInboxOf(o.app, other, 'help@other.example');
    expect((await start({ inboxId: theirs })).status).toBe(404);
  });

  it('an agent restricted to their inboxes cannot start one in another inbox', async () => {
    const patch = await o.app.api('PUT', '/api/v1/account/visibility', {
      session: o.owner,
      body: { restrictAgentsToMembership: true },
    });
    expect(patch.status).toBe(200);
    try {
      expect((await start({ to: 'r@customer.example' })).status).toBe(404);
      const members = await o.app.api('PUT', `/api/v1/inboxes/${o.inboxId}/members`, {
        session: o.owner,
        body: { memberIds: [o.agent.userId] },
      });
      expect(members.status).toBe(200);
      expect((await start({ to: 'r@customer.example' })).status).toBe(201);
    } finally {
      await o.app.api('PUT', '/api/v1/account/visibility', {
        session: o.owner,
        body: { restrictAgentsToMembership: false },
      });
    }
  });
});
