import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type SeededAccount, type TestApp } from '../../test/test-app.ts';
import { execute } from './context.ts';
import { findOrCreateContact } from './contacts.ts';
import { receiveMessage } from './receive-message.ts';
import { sendMessage } from './send-message.ts';
import { updateConversation } from './update-conversation.ts';
import type { Actor } from '../policies/actor.ts';

let app: TestApp;
let acct: SeededAccount;
let visitor: Extract<Actor, { kind: 'contact' }>;

beforeAll(async () => {
  app = await testApp();
  acct = await app.seedAccount();
  const { contact } = await execute(
    app.services,
    { kind: 'system', accountId: acct.accountId },
    findOrCreateContact,
    { identity: { kind: 'visitor', value: 'v-1' } },
  );
  visitor = {
    kind: 'contact',
    contactId: contact.id,
    accountId: acct.accountId,
    inboxId: acct.inboxId,
  };
});
afterAll(async () => {
  await app.stop();
});

const receive = (content: string, clientMessageId?: string) =>
  execute(app.services, visitor, receiveMessage, {
    inboxId: acct.inboxId,
    contactId: visitor.contactId,
    content,
    clientMessageId,
  });

describe('receiveMessage', () => {
  it('opens a conversation, assigns seq 1, and records message.created and conversation.created in the outbox', async () => {
    const r = await receive('你好', 'c-1');
    expect(r.duplicate).toBe(false);
    expect(r.message.seq).toBe(1);
    expect(r.conversation.status).toBe('open');
    const events = await app.services.database.db
      .selectFrom('events')
      .select(['type', 'conversation_id'])
      .where('conversation_id', '=', r.conversation.id)
      .orderBy('id')
      .execute();
    expect(events.map((e) => e.type)).toEqual(['conversation.created', 'message.created']);
  });

  it('is idempotent on the client message id: the second call returns the first message', async () => {
    const a = await receive('same', 'c-dup');
    const b = await receive('same (retried)', 'c-dup');
    expect(b.duplicate).toBe(true);
    expect(b.message.id).toBe(a.message.id);
    const n = await app.services.database.db
      .selectFrom('messages')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('idempotency_key', '=', `contact:${visitor.contactId}:c-dup`)
      .executeTakeFirst();
    expect(Number(n?.n)).toBe(1);
  });

  it('allocates strictly increasing seqs under concurrent sends', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => receive(`m${i}`, `par-${i}`)),
    );
    const seqs = results.map((r) => r.message.seq).sort((x, y) => x - y);
    expect(new Set(seqs).size).toBe(20);
    expect(seqs[19] - seqs[0]).toBe(19);
  });

  it('reopens a resolved conversation and clears resolved_at', async () => {
    const first = await receive('again?', 'c-reopen-1');
    const agent = acct.users.agent.actor;
    await execute(app.services, agent, updateConversation, {
      conversationId: first.conversation.id,
      status: 'resolve',
    });
    const r = await receive('one more thing', 'c-reopen-2');
    expect(r.conversation.id).toBe(first.conversation.id);
    expect(r.conversation.status).toBe('open');
    expect(r.conversation.resolved_at).toBeNull();
  });

  it('starts a new conversation after the previous one was closed', async () => {
    const first = await receive('before close', 'c-close-1');
    await execute(app.services, acct.users.agent.actor, updateConversation, {
      conversationId: first.conversation.id,
      status: 'close',
    });
    const r = await receive('after close', 'c-close-2');
    expect(r.conversation.id).not.toBe(first.conversation.id);
    expect(r.message.seq).toBe(1);
  });

  it('rejects a visitor writing as another contact, and agents using the customer path', async () => {
    await expect(
      execute(app.services, visitor, receiveMessage, {
        inboxId: acct.inboxId,
        contactId: 'someone-else',
        content: 'x',
      }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      execute(app.services, acct.users.agent.actor, receiveMessage, {
        inboxId: acct.inboxId,
        contactId: visitor.contactId,
        content: 'x',
      }),
    ).rejects.toMatchObject({ code: 'forbidden' });
  });
});

describe('sendMessage', () => {
  it('an agent reply auto-assigns an unassigned conversation, clears waiting and records conversation.assigned', async () => {
    const r = await receive('need help', 'c-reply-1');
    expect(r.conversation.waiting_since).not.toBeNull();
    const before = await app.services.database.db
      .selectFrom('events')
      .select((eb) => eb.fn.max('id').as('id'))
      .executeTakeFirstOrThrow();
    const sent = await execute(app.services, acct.users.agent.actor, sendMessage, {
      conversationId: r.conversation.id,
      content: '您好',
    });
    expect(sent.message.message_type).toBe('outgoing');
    expect(sent.conversation.assignee_id).toBe(acct.users.agent.id);
    expect(sent.conversation.waiting_since).toBeNull();
    // The send's own events (routing's processors may add conversation.dequeued after its commit, at any moment).
    const types = await app.services.database.db
      .selectFrom('events')
      .select('type')
      .where('conversation_id', '=', r.conversation.id)
      .where('id', '>', Number(before.id ?? 0))
      .where('type', 'in', ['conversation.assigned', 'message.created'])
      .execute();
    expect(types.map((t) => t.type).sort()).toEqual(['conversation.assigned', 'message.created']);
  });

  it('a private note neither assigns nor clears the waiting clock', async () => {
    const other = await execute(
      app.services,
      { kind: 'system', accountId: acct.accountId },
      findOrCreateContact,
      { identity: { kind: 'visitor', value: 'v-note' } },
    );
    const v: Actor = {
      kind: 'contact',
      contactId: other.contact.id,
      accountId: acct.accountId,
      inboxId: acct.inboxId,
    };
    const r = await execute(app.services, v, receiveMessage, {
      inboxId: acct.inboxId,
      contactId: other.contact.id,
      content: 'hi',
    });
    const note = await execute(app.services, acct.users.agent.actor, sendMessage, {
      conversationId: r.conversation.id,
      content: 'VIP customer',
      private: true,
    });
    expect(note.message.message_type).toBe('note');
    expect(note.conversation.assignee_id).toBeNull();
    expect(note.conversation.waiting_since).toBe(r.conversation.waiting_since);
  });
});
