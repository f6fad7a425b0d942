/**
 * Nothing is lost when the relay is down, slow or refusing: temporary failures (connection
 * refused, no answer, 4xx) are deferred with exponential backoff and sent when the relay is back
 * (also by a fresh timer after a restart, or after a crashed attempt's lease), 5xx fails at once
 * and is listed for admins to retry, at most N attempts; a redelivered event sends one mail.
 * Time is injected: the retry timer's pass is called with the time the test wants.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latch, until } from '../../../test/wait.ts';
import { findOrCreateContact } from '../../../core/commands/contacts.ts';
import { execute } from '../../../core/commands/context.ts';
import { receiveMessage } from '../../../core/commands/receive-message.ts';
import type { DomainEvent } from '../../../core/events/catalog.ts';
import { systemActor } from '../../../core/policies/actor.ts';
import { emailOutboundProcessor } from './processor.ts';
import { runnerFor } from './runner.ts';
import { closedPort, silentRelay, startRelay, TestRelay } from './test/relay.ts';
import { startEmailOutbound } from './timer.ts';
import {
  agentReplies,
  customerWrites,
  emailInboxOf,
  type OutboundApp,
  outboundApp,
  outboxIn,
  outboxOf,
  setRelay,
} from './test/outbound-app.ts';

const HOUR = 3600_000;
let o: OutboundApp;
let n = 0;

beforeAll(async () => {
  o = await outboundApp({
    EMAIL_SEND_RETRY_SECONDS: '3600', // the app's own timer never finds a retry due during a test
    EMAIL_SEND_MAX_ATTEMPTS: '3',
    EMAIL_SMTP_TIMEOUT_MS: '1500',
  });
});
afterAll(async () => {
  await o?.app.stop();
});

/** A new customer's mail and the agent's reply to it; returns the reply. */
async function replyToNewCustomer(content: string) {
  const conversationId = await customerWrites(o, {
    from: `customer-${++n}@customer.example`,
    messageId: `<r-${n}@customer.example>`,
  });
  return { conversationId, reply: await agentReplies(o, conversationId, content) };
}

const runDue = (at: number) => runnerFor(o.app.services).runDue(at);
const messageOf = (id: string) =>
  o.app.services.database.db
    .selectFrom('messages')
    .select(['status', 'content_attributes'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();

describe('a relay that is down', () => {
  it('defers the mail, then sends it once the relay is back', async () => {
    const port = await closedPort();
    await setRelay(o, port);
    const before = Date.now();
    const { reply } = await replyToNewCustomer('Sent while the relay was down.');
    const deferred = await outboxIn(o, reply.id, 'deferred');
    expect(deferred).toMatchObject({ attempts: 1, last_code: 'smtp_connection_failed' });
    expect(Number(deferred.next_attempt_at)).toBeGreaterThanOrEqual(before + HOUR);
    const m = await messageOf(reply.id);
    expect(m.status).toBe('pending');
    expect(JSON.parse(m.content_attributes).email.delivery).toMatchObject({
      state: 'deferred',
      attempts: 1,
      code: 'smtp_connection_failed',
    });
    // not due yet: nothing is tried
    expect(await runDue(Date.now())).toBe(0);
    const relay = await new TestRelay().start(port);
    try {
      expect(await runDue(Number(deferred.next_attempt_at))).toBe(1);
      expect(await outboxOf(o, reply.id)).toMatchObject({ state: 'sent', attempts: 2 });
      expect(relay.mails.filter((x) => x.parsed.text?.includes('relay was down'))).toHaveLength(1);
      expect((await messageOf(reply.id)).status).toBe('sent');
    } finally {
      await relay.stop();
    }
  });

  it('a fresh timer (a restart) sends what was left, and a crashed attempt is taken after its lease', async () => {
    const port = await closedPort();
    await setRelay(o, port);
    const { reply } = await replyToNewCustomer('Left behind by a restart.');
    const deferred = await outboxIn(o, reply.id, 'deferred');
    // another mail was being sent by a process that died: its claim runs until its lease ends
    const { reply: crashed } = await replyToNewCustomer('Claimed by a process that died.');
    await outboxIn(o, crashed.id, 'deferred');
    const due = Number(deferred.next_attempt_at) + 1;
    await o.app.services.database.db
      .updateTable('email_outbox')
      .set({ state: 'pending', claimed_until: due + 60_000, next_attempt_at: due - 1 })
      .where('message_id', '=', crashed.id)
      .execute();
    const relay = await new TestRelay().start(port);
    const stop = startEmailOutbound(
      { services: o.app.services, gateway: o.app.gateway },
      { now: () => due, intervalMs: HOUR },
    );
    try {
      await outboxIn(o, reply.id, 'sent');
      expect((await outboxOf(o, crashed.id))?.state).toBe('pending'); // still claimed
      await runDue(due + 60_001);
      await outboxIn(o, crashed.id, 'sent');
      expect(relay.mails.filter((x) => x.parsed.text?.includes('process that died'))).toHaveLength(
        1,
      );
    } finally {
      await stop();
      await relay.stop();
    }
  });

  it('gives up after the last attempt, with backoff doubling in between', async () => {
    await setRelay(o, await closedPort());
    const { reply } = await replyToNewCustomer('Never delivered.');
    const first = await outboxIn(o, reply.id, 'deferred');
    const t1 = Number(first.next_attempt_at);
    await runDue(t1);
    const second = await outboxIn(o, reply.id, 'deferred');
    expect(second.attempts).toBe(2);
    expect(Number(second.next_attempt_at) - t1).toBe(2 * HOUR);
    await runDue(Number(second.next_attempt_at));
    const last = await outboxIn(o, reply.id, 'failed');
    expect(last).toMatchObject({ attempts: 3, last_code: 'smtp_connection_failed' });
    expect(last.next_attempt_at).toBeNull();
    expect((await messageOf(reply.id)).status).toBe('failed');
  });

  it('a relay that never answers times out and is tried again later', async () => {
    const silent = await silentRelay();
    try {
      await setRelay(o, silent.port);
      const { reply } = await replyToNewCustomer('To a silent relay.');
      expect(await outboxIn(o, reply.id, 'deferred')).toMatchObject({ last_code: 'smtp_timeout' });
    } finally {
      await silent.close();
    }
  });
});

describe('a slow relay', () => {
  it('holds only its own mail: others go meanwhile, and it is sent when the relay answers', async () => {
    const gate = latch();
    const relay = await startRelay({ hold: gate.gate, holdOnly: /Order/ });
    try {
      await setRelay(o, relay.port);
      const { reply: slow } = await replyToNewCustomer('Slow one.');
      await until(
        () => relay.holding,
        (h) => h === 1,
        { what: 'the relay holding the mail' },
      );
      expect((await outboxOf(o, slow.id))?.state).toBe('pending');
      expect((await messageOf(slow.id)).status).toBe('pending');
      // a mail with another subject goes through while the first one waits
      const conversationId = await customerWrites(o, {
        from: 'other@customer.example',
        messageId: '<other-1@customer.example>',
        subject: 'Invoice',
      });
      const fast = await agentReplies(o, conversationId, 'Fast one.');
      await outboxIn(o, fast.id, 'sent');
      expect((await outboxOf(o, slow.id))?.state).toBe('pending');
      gate.release();
      await outboxIn(o, slow.id, 'sent');
      expect(relay.mails.map((m) => m.parsed.text?.split('\n')[0])).toEqual([
        'Fast one.',
        'Slow one.',
      ]);
    } finally {
      gate.release();
      await relay.stop();
    }
  });
});

describe('a relay that refuses', () => {
  it('451: deferred and retried; 550: failed at once, listed for admins, retryable', async () => {
    const relay = await startRelay({ rejectRcpt: { code: 451, message: '4.7.1 Greylisted' } });
    try {
      await setRelay(o, relay.port);
      const { reply: grey } = await replyToNewCustomer('Greylisted first.');
      const deferred = await outboxIn(o, grey.id, 'deferred');
      expect(deferred).toMatchObject({ attempts: 1, last_code: 'smtp_deferred' });
      expect(deferred.last_response).toContain('4.7.1 Greylisted');
      relay.behaviour = {};
      await runDue(Number(deferred.next_attempt_at));
      expect(await outboxOf(o, grey.id)).toMatchObject({ state: 'sent', attempts: 2 });

      relay.behaviour = { rejectRcpt: { code: 550, message: '5.1.1 User unknown' } };
      const { reply: bad } = await replyToNewCustomer('To an unknown user.');
      const failed = await outboxIn(o, bad.id, 'failed');
      expect(failed).toMatchObject({ attempts: 1, last_code: 'smtp_rejected' });
      expect((await messageOf(bad.id)).status).toBe('failed');

      const list = await o.app.api('GET', '/api/v1/email/outbox', { session: o.owner });
      expect(list.status).toBe(200);
      const item = list.body.data.find((x: { messageId: string }) => x.messageId === bad.id);
      expect(item).toMatchObject({
        state: 'failed',
        code: 'smtp_rejected',
        attempts: 1,
        automatic: false,
        smtpResponse: expect.stringContaining('5.1.1 User unknown'),
      });
      expect(item.explanation['zh-CN']).toContain('5.1.1 User unknown');
      expect(item.explanation.en).toContain('refused this mail');
      expect((await o.app.api('GET', '/api/v1/email/outbox', { session: o.agent })).status).toBe(
        403,
      );

      relay.behaviour = {};
      const retry = await o.app.api('POST', `/api/v1/email/outbox/${item.id}/retry`, {
        session: o.owner,
      });
      expect(retry.status).toBe(200);
      expect(retry.body).toMatchObject({ state: 'pending', attempts: 0 });
      await outboxIn(o, bad.id, 'sent');
      const again = await o.app.api('POST', `/api/v1/email/outbox/${item.id}/retry`, {
        session: o.owner,
      });
      expect(again).toMatchObject({
        status: 409,
        body: { error: { code: 'email_not_retryable' } },
      });
      const sentList = await o.app.api('GET', '/api/v1/email/outbox?state=sent', {
        session: o.owner,
      });
      expect(sentList.body.data.map((x: { id: string }) => x.id)).toContain(item.id);

      // another account sees none of it and cannot retry it
      const other = await o.app.seedAccount();
      const otherOwner = await o.app.login(other.users.owner.email, other.users.owner.password);
      const theirs = await o.app.api('GET', '/api/v1/email/outbox?state=sent', {
        session: otherOwner,
      });
      expect(theirs.body.data).toEqual([]);
      const foreign = await o.app.api('POST', `/api/v1/email/outbox/${item.id}/retry`, {
        session: otherOwner,
      });
      expect(foreign.status).toBe(404);
    } finally {
      await relay.stop();
    }
  });

  it('an inbox without a relay fails the mail as not configured; a retry after setting it sends', async () => {
    const inboxId = await emailInboxOf(o.app, o.acct, 'norelay@shop.example');
    const conversationId = await customerWrites(
      o,
      { from: 'nr@customer.example', messageId: '<nr-1@customer.example>' },
      'Hello?',
      inboxId,
    );
    const reply = await agentReplies(o, conversationId, 'Before the relay existed.');
    const failed = await outboxIn(o, reply.id, 'failed');
    expect(failed).toMatchObject({ attempts: 0, last_code: 'smtp_not_configured' });
    const relay = await startRelay();
    try {
      await setRelay(o, relay.port, { fromAddress: 'norelay@shop.example' }, inboxId);
      const r = await o.app.api('POST', `/api/v1/email/outbox/${failed.id}/retry`, {
        session: o.owner,
      });
      expect(r.status).toBe(200);
      await outboxIn(o, reply.id, 'sent');
      expect(relay.mails).toHaveLength(1);
    } finally {
      await relay.stop();
    }
  });
});

describe('a customer without an address', () => {
  it('fails as contact_has_no_email; once the contact has one, a retry sends to it', async () => {
    const conversationId = await execute(
      o.app.services,
      systemActor(o.acct.accountId, 'test'),
      async (ctx) => {
        const { contact } = await findOrCreateContact(ctx, {
          identity: { kind: 'phone', value: '+8613800000000' },
          name: 'Phone only',
        });
        const r = await receiveMessage(ctx, {
          inboxId: o.inboxId,
          contactId: contact.id,
          content: 'Call me',
        });
        return r.conversation.id;
      },
      undefined,
    );
    const reply = await agentReplies(o, conversationId, 'Which address may we write to?');
    const failed = await outboxIn(o, reply.id, 'failed');
    expect(failed).toMatchObject({ attempts: 0, last_code: 'contact_has_no_email', recipient: '' });
    const relay = await startRelay();
    try {
      await setRelay(o, relay.port);
      const conv = await o.app.api('GET', `/api/v1/conversations/${conversationId}`, {
        session: o.agent,
      });
      const patch = await o.app.api('PATCH', `/api/v1/contacts/${conv.body.contactId}`, {
        session: o.agent,
        body: { email: 'phone.only@customer.example' },
      });
      expect(patch.status).toBe(200);
      const r = await o.app.api('POST', `/api/v1/email/outbox/${failed.id}/retry`, {
        session: o.owner,
      });
      expect(r.body).toMatchObject({ state: 'pending', recipient: 'phone.only@customer.example' });
      await outboxIn(o, reply.id, 'sent');
      expect(relay.mails[0]?.envelope.to).toEqual(['phone.only@customer.example']);
    } finally {
      await relay.stop();
    }
  });
});

describe('idempotency', () => {
  it('a message.created delivered again (or twice at once) sends one mail', async () => {
    const relay = await startRelay();
    try {
      await setRelay(o, relay.port);
      const { reply } = await replyToNewCustomer('Exactly once.');
      await outboxIn(o, reply.id, 'sent');
      const row = await o.app.services.database.db
        .selectFrom('events')
        .selectAll()
        .where('type', '=', 'message.created')
        .where('payload', 'like', `%${reply.id}%`)
        .executeTakeFirstOrThrow();
      const event: DomainEvent = {
        id: Number(row.id),
        accountId: row.account_id,
        type: 'message.created',
        conversationId: row.conversation_id,
        payload: JSON.parse(row.payload),
        createdAt: Number(row.created_at),
      };
      const p = emailOutboundProcessor(o.app.services);
      await Promise.all([p.handle(event), p.handle(event)]);
      await p.handle(event);
      await runnerFor(o.app.services).idle();
      expect(relay.mails.filter((m) => m.parsed.text?.includes('Exactly once.'))).toHaveLength(1);
      const rows = await o.app.services.database.db
        .selectFrom('email_outbox')
        .select('id')
        .where('message_id', '=', reply.id)
        .execute();
      expect(rows).toHaveLength(1);
      const ids = await o.app.services.database.db
        .selectFrom('email_message_ids')
        .select('id')
        .where('kefu_message_id', '=', reply.id)
        .execute();
      expect(ids).toHaveLength(1);
    } finally {
      await relay.stop();
    }
  });
});
