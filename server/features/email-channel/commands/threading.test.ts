/**
 * Threading against a real database, one test per case from the anchors' trackers (issue 15):
 * the pure decision is in domain/threading.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execute } from '../../../core/commands/context.ts';
import { updateConversation } from '../../../core/commands/update-conversation.ts';
import type { SeededAccount } from '../../../test/test-app.ts';
import { replyAddress, replyToken } from '../outbound/reply-token.ts';
import {
  conversationOf,
  deliver,
  emailApp,
  emailInbox,
  messagesOf,
  sent,
  type EmailApp,
} from '../test/email-app.ts';

let e: EmailApp;
let sales: string;
let windowed: string;
let other: { acct: SeededAccount; inboxId: string };

beforeAll(async () => {
  e = await emailApp();
  sales = await emailInbox(e.app, e.acct, { email: { address: 'sales@shop.example' } }, 'Sales');
  windowed = await emailInbox(
    e.app,
    e.acct,
    { email: { address: 'help@shop.example', subjectWindowHours: 24 } },
    'Help',
  );
  const acct = await e.app.seedAccount();
  other = {
    acct,
    inboxId: await emailInbox(e.app, acct, { email: { address: 'desk@other.example' } }),
  };
});
afterAll(async () => {
  await e?.app.stop();
});

const conversationsIn = async (inboxId: string) =>
  (
    await e.app.services.database.db
      .selectFrom('conversations')
      .select('id')
      .where('inbox_id', '=', inboxId)
      .execute()
  ).map((r) => r.id);

/** A customer's first mail and Kefu's answer to it (recorded as the outbound half does). */
async function started(
  id: string,
  subject = 'Order late',
  from = 'Alice <alice@customer.example>',
) {
  const r = await deliver(e, {
    'Message-ID': `<${id}@customer.example>`,
    Subject: subject,
    From: from,
  });
  expect(r.status).toBe('stored');
  await sent(e, r.conversationId!, `<kefu-${id}@shop.example>`);
  return r.conversationId!;
}

describe('threading in one inbox', () => {
  it('a reply to our mail joins its conversation (In-Reply-To and References)', async () => {
    const c = await started('t1');
    const r = await deliver(e, {
      'Message-ID': '<t1-reply@customer.example>',
      'In-Reply-To': '<kefu-t1@shop.example>',
      References: '<t1@customer.example> <kefu-t1@shop.example>',
      Subject: 'Re: Order late',
    });
    expect(r).toMatchObject({ status: 'stored', conversationId: c });
    const last = (await messagesOf(e, c)).at(-1)!;
    expect(last.attributes.email.thread).toEqual({ via: 'message_id' });
    // A long References chain: the newest ids are the ones looked up.
    const old = Array.from({ length: 80 }, (_, i) => `<old-${i}@elsewhere.example>`).join(' ');
    const long = await deliver(e, {
      References: `${old} <kefu-t1@shop.example>`,
      Subject: 'Re: Order late',
    });
    expect(long.conversationId).toBe(c);
  });

  it('an agent answering from Outlook outside Kefu (Chatwoot #10028) is a private note, never a customer message', async () => {
    const c = await started('t2');
    const before = await conversationsIn(e.inboxId);
    const agent = e.acct.users.agent;
    const r = await deliver(e, {
      From: `Agent <${agent.email.toUpperCase()}>`,
      To: 'Alice <alice@customer.example>',
      Cc: 'support@shop.example',
      'Message-ID': '<outlook-1@shop.example>',
      'In-Reply-To': '<t2@customer.example>',
      References: '<t2@customer.example>',
      Subject: 'RE: Order late',
    });
    expect(r).toMatchObject({ status: 'stored', conversationId: c });
    expect(await conversationsIn(e.inboxId)).toEqual(before);
    const note = (await messagesOf(e, c)).at(-1)!;
    expect(note).toMatchObject({ message_type: 'note', sender_type: 'user', sender_id: agent.id });
    expect(note.attributes.email.sentOutsideKefu).toBe(true);
    const agentContact = await e.app.services.database.db
      .selectFrom('contacts')
      .select('id')
      .where('email', '=', agent.email)
      .execute();
    expect(agentContact).toEqual([]);
    // The shared mailbox answering "as" support@ is a note too.
    const asSupport = await deliver(e, {
      From: 'support@shop.example',
      'In-Reply-To': '<t2@customer.example>',
      Subject: 'RE: Order late',
    });
    expect(asSupport).toMatchObject({ status: 'stored', conversationId: c });
    expect((await messagesOf(e, c)).at(-1)).toMatchObject({
      message_type: 'note',
      sender_type: 'system',
    });
    // An agent's mail that belongs to no conversation opens none.
    const stray = await deliver(e, { From: agent.email, Subject: 'Lunch?' });
    expect(stray).toEqual({ status: 'rejected', error: 'email_from_team_unthreaded' });
    expect(await conversationsIn(e.inboxId)).toEqual(before);
  });

  it('a customer who edits the subject of a reply starts a new conversation (Chatwoot #15869)', async () => {
    const c = await started('t3');
    const r = await deliver(e, {
      'In-Reply-To': '<kefu-t3@shop.example>',
      References: '<t3@customer.example> <kefu-t3@shop.example>',
      Subject: 'Printer broken',
    });
    expect(r.status).toBe('stored');
    expect(r.conversationId).not.toBe(c);
    const first = (await messagesOf(e, r.conversationId!))[0]!;
    expect(first.attributes.email.thread).toEqual({ new: 'new_topic', splitFrom: c });
    const same = await deliver(e, {
      'In-Reply-To': '<kefu-t3@shop.example>',
      Subject: 'RE: Re: order  LATE',
    });
    expect(same.conversationId).toBe(c);
  });

  it('subscribers replying to one newsletter never merge (Chatwoot PR #13502)', async () => {
    const news = await deliver(e, {
      From: 'Shop News <news@shop.example>',
      To: 'undisclosed-recipients:;',
      'Message-ID': '<news-1@shop.example>',
      Subject: 'June news',
      Precedence: 'bulk',
      'List-Unsubscribe': '<mailto:unsubscribe@shop.example>',
    });
    expect(news.status).toBe('looped');
    const replies = [];
    for (const who of ['sub1', 'sub2', 'sub3'])
      replies.push(
        await deliver(e, {
          From: `${who}@readers.example`,
          'In-Reply-To': '<news-1@shop.example>',
          References: '<news-1@shop.example>',
          Subject: 'Re: June news',
        }),
      );
    const ids = replies.map((r) => r.conversationId);
    expect(replies.every((r) => r.status === 'stored')).toBe(true);
    expect(new Set(ids).size).toBe(3);
    expect(ids).not.toContain(news.conversationId);
    const m = (await messagesOf(e, ids[0]!))[0]!;
    expect(m.attributes.email.thread).toEqual({ new: 'sender_not_participant' });
  });

  it('someone in Cc of the thread who replies to all joins it', async () => {
    const first = await deliver(e, {
      'Message-ID': '<t5@customer.example>',
      Cc: 'Carol <carol@customer.example>',
      Subject: 'Invoice',
    });
    const r = await deliver(e, {
      From: 'Carol <carol@customer.example>',
      'In-Reply-To': '<t5@customer.example>',
      Subject: 'Re: Invoice',
    });
    expect(r.conversationId).toBe(first.conversationId);
  });

  it('a closed conversation is never reopened by mail: a new one starts', async () => {
    const c = await started('t6');
    await execute(e.app.services, e.acct.users.owner.actor, updateConversation, {
      conversationId: c,
      status: 'close',
    });
    const r = await deliver(e, {
      'In-Reply-To': '<kefu-t6@shop.example>',
      Subject: 'Re: Order late',
    });
    expect(r.conversationId).not.toBe(c);
    expect((await conversationOf(e, c)).status).toBe('closed');
  });
});

describe('forwards', () => {
  it('a customer forwarding mail starts a new conversation even with the thread in References', async () => {
    const c = await started('f1');
    const r = await deliver(
      e,
      { Subject: 'Fwd: Order late', References: '<f1@customer.example> <kefu-f1@shop.example>' },
      {
        body: 'See below\r\n\r\n---------- Forwarded message ---------\r\nFrom: Shop <support@shop.example>\r\nSubject: Order late\r\n\r\nold text\r\n',
      },
    );
    expect(r.conversationId).not.toBe(c);
    const m = (await messagesOf(e, r.conversationId!))[0]!;
    expect(m.attributes.email.thread).toEqual({ new: 'forwarded' });
    expect(m.attributes.email.forwarded).toEqual({
      from: 'support@shop.example',
      name: 'Shop',
      subject: 'Order late',
    });
  });

  it("an agent forwarding a customer's mail opens a conversation for that customer", async () => {
    const r = await deliver(
      e,
      { From: e.acct.users.agent2.email, Subject: 'Fwd: Refund please' },
      {
        body: 'Can someone take this?\r\n\r\n---------- Forwarded message ---------\r\nFrom: Bob Stone <bob@customer.example>\r\nDate: Mon, 2 Jun 2025\r\nSubject: Refund please\r\nTo: agent\r\n\r\nI want my money back.\r\n',
      },
    );
    expect(r.status).toBe('stored');
    const conv = await conversationOf(e, r.conversationId!);
    const contact = await e.app.services.database.db
      .selectFrom('contacts')
      .selectAll()
      .where('id', '=', conv.contact_id)
      .executeTakeFirstOrThrow();
    expect(contact).toMatchObject({ email: 'bob@customer.example', name: 'Bob Stone' });
    const m = (await messagesOf(e, r.conversationId!))[0]!;
    expect(m).toMatchObject({ message_type: 'incoming', sender_id: contact.id });
    expect(m.attributes.email.forwarded.from).toBe('bob@customer.example');
  });
});

describe('when the headers do not help', () => {
  it('a provider that strips References (Zammad #3022): the reply token in the address threads it', async () => {
    const c = await started('s1');
    const address = replyAddress('support@shop.example', replyToken(e.app.services.secret, c))!;
    const r = await deliver(e, { To: address, Subject: 'Re: Order late' });
    expect(r).toMatchObject({ status: 'stored', conversationId: c });
    expect((await messagesOf(e, c)).at(-1)!.attributes.email.thread).toEqual({ via: 'token' });
    // The envelope recipient counts too (a Bcc-like delivery), and the token needs no sender check.
    const fromElsewhere = await deliver(
      e,
      { From: 'alice.home@mail.example', Subject: 'Re: Order late' },
      { envelopeTo: [address] },
    );
    expect(fromElsewhere.conversationId).toBe(c);
    // A forged token, or one sent to another inbox, threads nothing.
    const forged = address.replace(/-[0-9a-f]{12}@/, '-000000000000@');
    const bad = await deliver(e, { To: forged, Subject: 'Re: Order late' });
    expect(bad.conversationId).not.toBe(c);
    const elsewhere = await deliver(
      e,
      { To: address, Subject: 'Re: Order late' },
      { inboxId: sales },
    );
    expect(elsewhere.conversationId).not.toBe(c);
  });

  it('a provider that rewrote our Message-ID: new conversation by default, the subject window joins it', async () => {
    const c = await started('w1');
    const r = await deliver(e, {
      'In-Reply-To': '<rewritten-1@outlook.example>',
      Subject: 'RE: Order late',
    });
    expect(r.conversationId).not.toBe(c);
    expect((await messagesOf(e, r.conversationId!))[0]!.attributes.email.thread).toEqual({
      new: 'no_match',
    });
    const first = await deliver(
      e,
      { 'Message-ID': '<w2@customer.example>', Subject: 'Where is my parcel' },
      { inboxId: windowed },
    );
    const reply = await deliver(
      e,
      { 'In-Reply-To': '<rewritten-2@outlook.example>', Subject: 'Re: Where is my parcel' },
      { inboxId: windowed },
    );
    expect(reply.conversationId).toBe(first.conversationId);
    expect((await messagesOf(e, first.conversationId!)).at(-1)!.attributes.email.thread).toEqual({
      via: 'subject_window',
    });
    // The window never mixes senders.
    const bob = await deliver(
      e,
      { From: 'bob@customer.example', Subject: 'Re: Where is my parcel' },
      { inboxId: windowed },
    );
    expect(bob.conversationId).not.toBe(first.conversationId);
  });

  it('notifications without threading headers (#14993) each get their own conversation, even in a window', async () => {
    const results = [];
    for (const day of ['02', '03', '04'])
      results.push(
        await deliver(
          e,
          {
            From: 'Reports <noreply@notify.example>',
            'Message-ID': '',
            Subject: 'Your report is ready',
            Date: `Mon, ${day} Jun 2025 08:00:00 +0000`,
          },
          { inboxId: windowed },
        ),
      );
    expect(results.map((r) => r.status)).toEqual(['looped', 'looped', 'looped']);
    expect(new Set(results.map((r) => r.conversationId)).size).toBe(3);
    const again = await deliver(
      e,
      {
        From: 'Reports <noreply@notify.example>',
        'Message-ID': '',
        Subject: 'Your report is ready',
        Date: 'Mon, 02 Jun 2025 08:00:00 +0000',
      },
      { inboxId: windowed, source: 'imap' },
    );
    expect(again).toMatchObject({
      status: 'duplicate',
      conversationId: results[0]!.conversationId,
    });
  });
});

describe('several inboxes', () => {
  it('one mail To+Cc two monitored inboxes (FreeScout #4748): one conversation in each, no duplicates', async () => {
    const headers = {
      'Message-ID': '<two-1@customer.example>',
      To: 'support@shop.example',
      Cc: 'sales@shop.example',
      Subject: 'Bulk order',
    };
    const a = await deliver(e, headers);
    const b = await deliver(e, headers, { inboxId: sales });
    expect([a.status, b.status]).toEqual(['stored', 'stored']);
    expect(a.conversationId).not.toBe(b.conversationId);
    expect(await deliver(e, headers, { source: 'imap' })).toMatchObject({
      status: 'duplicate',
      conversationId: a.conversationId,
    });
    const follow = {
      'Message-ID': '<two-2@customer.example>',
      'In-Reply-To': '<two-1@customer.example>',
      To: 'support@shop.example',
      Cc: 'sales@shop.example',
      Subject: 'Re: Bulk order',
    };
    expect((await deliver(e, follow)).conversationId).toBe(a.conversationId);
    expect((await deliver(e, follow, { inboxId: sales })).conversationId).toBe(b.conversationId);
    const inSales = await e.app.services.database.db
      .selectFrom('messages')
      .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
      .select('messages.id')
      .where('conversations.inbox_id', '=', sales)
      .where('conversations.id', '=', b.conversationId!)
      .execute();
    expect(inSales).toHaveLength(2);
  });

  it("another account's inbox never threads into this account's conversations", async () => {
    const c = await started('x1');
    const viaId = await deliver(
      e,
      {
        'In-Reply-To': '<kefu-x1@shop.example>',
        To: 'desk@other.example',
        Subject: 'Re: Order late',
      },
      { inboxId: other.inboxId },
    );
    const token = replyAddress('desk@other.example', replyToken(e.app.services.secret, c))!;
    const viaToken = await deliver(
      e,
      { To: token, Subject: 'Re: Order late' },
      { inboxId: other.inboxId },
    );
    for (const r of [viaId, viaToken]) {
      expect(r.status).toBe('stored');
      const conv = await conversationOf(e, r.conversationId!);
      expect(conv.account_id).toBe(other.acct.accountId);
    }
  });
});
