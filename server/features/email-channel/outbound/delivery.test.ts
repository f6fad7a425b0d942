/**
 * Replies go out as mail: what the customer's client receives (parsed from a real smtp-server peer
 * on loopback) threads with their mail — Message-ID, In-Reply-To, References, the subject, Reply-To
 * with the reply token — carries the quoted history and the files, and is marked automatic only
 * when no person wrote it. The agent sees the delivery live (`message.updated`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execute } from '../../../core/commands/context.ts';
import { sendMessage } from '../../../core/commands/send-message.ts';
import { systemActor } from '../../../core/policies/actor.ts';
import { waitFor } from '../../../test/test-app.ts';
import { until } from '../../../test/wait.ts';
import { authenticate } from 'mailauth';
import { dkimDomain, tableResolver } from '../test/dns.ts';
import { parseReplyToken, tokenOfAddress } from './reply-token.ts';
import { startRelay, type TestRelay } from './test/relay.ts';
import {
  agentReplies,
  customerWrites,
  type OutboundApp,
  outboundApp,
  outboxIn,
  setRelay,
} from './test/outbound-app.ts';

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

/** The mail whose plain text contains `marker`, once the relay has it. */
const received = async (marker: string) =>
  (await until(() => relay.mails.find((m) => m.parsed.text?.includes(marker)), Boolean, {
    timeoutMs: 45_000,
    what: `a mail with "${marker}"`,
  }))!;

describe('an agent reply to a customer mail', () => {
  it('threads: Message-ID, In-Reply-To, References, Re: once, Reply-To with the token', async () => {
    const conversationId = await customerWrites(o, {
      from: 'alice@customer.example',
      messageId: '<First-1@Customer.Example>',
      subject: 'RE: Re: Order 1234',
    });
    const reply = await agentReplies(o, conversationId, 'Your parcel left today.');
    const row = await outboxIn(o, reply.id, 'sent');
    const got = await received('Your parcel left today.');
    const p = got.parsed;
    expect(p.messageId).toBe(row.rfc_message_id);
    expect(p.messageId).toMatch(/^<kefu-[0-9a-f-]+@shop\.example>$/);
    // as the customer's client wrote it (clients compare ids as written)
    expect(p.inReplyTo).toBe('<First-1@Customer.Example>');
    expect(p.references).toBe('<First-1@Customer.Example>');
    expect(p.subject).toBe('Re: Order 1234');
    expect(got.envelope.to).toEqual(['alice@customer.example']);
    expect(p.from?.value[0]).toMatchObject({
      address: 'support@shop.example',
      name: 'Shop Support',
    });
    const replyTo = p.replyTo?.value[0]?.address ?? '';
    expect(replyTo).toMatch(/^support\+[0-9a-f]{32}-[0-9a-f]{12}@shop\.example$/);
    expect(parseReplyToken(o.app.services.secret, tokenOfAddress(replyTo)!)).toBe(conversationId);
    // a person wrote it: not marked automatic
    expect(p.headers.get('auto-submitted')).toBeUndefined();
    expect(p.headers.get('x-auto-response-suppress')).toBeUndefined();
    // its Message-ID is in the inbox's threading map, so the customer's answer finds the conversation
    const map = await o.app.services.database.db
      .selectFrom('email_message_ids')
      .selectAll()
      .where('kefu_message_id', '=', reply.id)
      .executeTakeFirstOrThrow();
    expect(map).toMatchObject({ direction: 'out', conversation_id: conversationId });
    expect(`<${map.message_id}>`).toBe(row.rfc_message_id);

    // the customer answers; the next reply answers that mail, with the whole chain in References
    await customerWrites(o, {
      from: 'alice@customer.example',
      messageId: '<second-2@customer.example>',
      subject: 'Re: Order 1234',
    });
    const reply2 = await agentReplies(o, conversationId, 'It arrives tomorrow.');
    await outboxIn(o, reply2.id, 'sent');
    const p2 = (await received('It arrives tomorrow.')).parsed;
    expect(p2.inReplyTo).toBe('<second-2@customer.example>');
    expect(p2.references).toEqual([
      '<First-1@Customer.Example>',
      row.rfc_message_id,
      '<second-2@customer.example>',
    ]);
    expect(p2.subject).toBe('Re: Order 1234');
  });

  it('quotes the earlier messages below the reply, and not when the inbox turns it off', async () => {
    const conversationId = await customerWrites(
      o,
      { from: 'bob@customer.example', name: 'Bob', messageId: '<q-1@customer.example>' },
      'The box was damaged.',
    );
    const reply = await agentReplies(o, conversationId, 'Sorry! A new one is on its way.');
    await outboxIn(o, reply.id, 'sent');
    const p = (await received('A new one is on its way.')).parsed;
    expect(p.text).toMatch(
      /^Sorry! A new one is on its way\.\n\n.*Bob <bob@customer\.example>.*\n> The box was damaged\./s,
    );
    expect(p.html).toContain('<blockquote type="cite"');
    expect(p.html).toContain('The box was damaged.');

    await setRelay(o, relay.port, { quoteHistory: false });
    try {
      const plain = await agentReplies(o, conversationId, 'Tracking number: 42.');
      await outboxIn(o, plain.id, 'sent');
      const q = (await received('Tracking number: 42.')).parsed;
      expect(q.text?.trim()).toBe('Tracking number: 42.');
      expect(q.html).not.toContain('blockquote');
    } finally {
      await setRelay(o, relay.port);
    }
  });

  it('attaches the message’s files from storage', async () => {
    const conversationId = await customerWrites(o, {
      from: 'carol@customer.example',
      messageId: '<a-1@customer.example>',
    });
    const form = new FormData();
    const bytes = Buffer.from('%PDF-1.4\n% invoice 1234\n');
    form.append('file', new Blob([bytes], { type: 'application/pdf' }), 'invoice-1234.pdf');
    const up = await o.app.api('POST', '/api/v1/attachments', { session: o.agent, raw: form });
    expect(up.status).toBe(201);
    const reply = await agentReplies(o, conversationId, 'Your invoice is attached.', {
      attachmentIds: [up.body.id],
    });
    await outboxIn(o, reply.id, 'sent');
    const p = (await received('Your invoice is attached.')).parsed;
    expect(p.attachments).toHaveLength(1);
    expect(p.attachments[0]).toMatchObject({
      filename: 'invoice-1234.pdf',
      contentType: 'application/pdf',
    });
    expect(Buffer.compare(p.attachments[0]!.content, bytes)).toBe(0);
  });

  it('shows the delivery on the message, live: pending, then sent with the relay’s answer', async () => {
    const conversationId = await customerWrites(o, {
      from: 'dan@customer.example',
      messageId: '<live-1@customer.example>',
    });
    type Msg = { id: string; status: string; attributes: Record<string, any> };
    type Ev = { type: string; payload: { message: Msg } };
    const socket = await o.app.agentSocket(o.agent);
    const updates: Msg[] = [];
    socket.on('event', (e: Ev) => {
      if (e.type === 'message.updated') updates.push(e.payload.message);
    });
    const sent = waitFor<Ev>(
      socket,
      'event',
      (e) => e.type === 'message.updated' && e.payload.message.status === 'sent',
    );
    const reply = await agentReplies(o, conversationId, 'Live status please.');
    const m = (await sent).payload.message;
    expect(m.id).toBe(reply.id);
    expect(m.attributes.email).toMatchObject({
      to: 'dan@customer.example',
      delivery: { state: 'sent', attempts: 1, code: null },
    });
    expect(m.attributes.email.delivery.response).toContain('queued as');
    expect(m.attributes.email.messageId).toMatch(/^<kefu-/);
    expect(updates[0]).toMatchObject({ status: 'pending' });
    const stored = await o.app.api('GET', `/api/v1/conversations/${conversationId}/messages`, {
      session: o.agent,
    });
    const last = stored.body.data.find((x: { id: string }) => x.id === reply.id);
    expect(last).toMatchObject({
      status: 'sent',
      attributes: { email: { delivery: { state: 'sent' } } },
    });
  });
});

describe('DKIM', () => {
  it('signs with the inbox’s key: the signature verifies against the published key', async () => {
    const d = dkimDomain('shop.example', 'kefu');
    await setRelay(o, relay.port, {
      dkim: { domain: d.domain, selector: d.selector, privateKey: d.privateKey },
    });
    try {
      const conversationId = await customerWrites(o, {
        from: 'dkim@customer.example',
        messageId: '<dkim-1@customer.example>',
      });
      const reply = await agentReplies(o, conversationId, 'Signed reply.');
      await outboxIn(o, reply.id, 'sent');
      const got = await received('Signed reply.');
      expect(got.parsed.headers.get('dkim-signature')).toBeTruthy();
      const verdict = await authenticate(got.raw, {
        resolver: tableResolver(d.dns),
        disableArc: true,
        disableBimi: true,
      });
      expect(verdict.dkim.results[0]).toMatchObject({
        signingDomain: 'shop.example',
        selector: 'kefu',
        status: { result: 'pass' },
      });
    } finally {
      await setRelay(o, relay.port, { dkim: null });
    }
  });
});

describe('automatic mail', () => {
  it('the bot’s answer carries Auto-Submitted and X-Auto-Response-Suppress; a note is never sent', async () => {
    const conversationId = await customerWrites(o, {
      from: 'erin@customer.example',
      messageId: '<bot-1@customer.example>',
    });
    const note = await o.app.api('POST', `/api/v1/conversations/${conversationId}/messages`, {
      session: o.agent,
      body: { content: 'Internal: VIP customer', private: true },
    });
    expect(note.status).toBe(201);
    const bot = await execute(o.app.services, systemActor(o.acct.accountId, 'ai'), sendMessage, {
      conversationId,
      content: 'Orders ship within 2 days (automatic answer).',
      asBot: true,
    });
    const row = await outboxIn(o, bot.message.id, 'sent');
    expect(row.automatic).toBe(1);
    const p = (await received('Orders ship within 2 days')).parsed;
    expect(p.headers.get('auto-submitted')).toBe('auto-replied');
    expect(p.headers.get('x-auto-response-suppress')).toBe('All');
    expect(relay.mails.some((x) => x.parsed.text?.includes('VIP customer'))).toBe(false);
    const noteRow = await o.app.services.database.db
      .selectFrom('email_outbox')
      .select('id')
      .where('message_id', '=', note.body.id)
      .executeTakeFirst();
    expect(noteRow).toBeUndefined();
  });
});
