/**
 * Set-up shared by the outbound suites: a real app whose SSRF guard lets the relay be on loopback,
 * an account with an email inbox (support@shop.example) and a signed-in agent, the relay settings,
 * a customer's mail taken in through the inbound half, and waits on the outbox.
 */
import { createInbox } from '../../../../core/commands/accounts.ts';
import { execute } from '../../../../core/commands/context.ts';
import {
  testApp,
  type SeededAccount,
  type Session,
  type TestApp,
} from '../../../../test/test-app.ts';
import { until } from '../../../../test/wait.ts';
import { findOrCreateContact } from '../../../../core/commands/contacts.ts';
import { receiveMessage } from '../../../../core/commands/receive-message.ts';
import { systemActor } from '../../../../core/policies/actor.ts';
import { recordMessageId } from '../../store/message-ids.ts';
import type { OutboxRow } from '../outbox.ts';
import type { OutboxState } from '../tables.ts';

export const INBOX_ADDRESS = 'support@shop.example';

export interface OutboundApp {
  app: TestApp;
  acct: SeededAccount;
  inboxId: string;
  owner: Session;
  agent: Session;
}

export async function emailInboxOf(app: TestApp, acct: SeededAccount, address = INBOX_ADDRESS) {
  const inbox = await execute(app.services, acct.users.owner.actor, createInbox, {
    name: 'Shop support',
    channelType: 'email',
    settings: { email: { address, trustSenders: true } },
  });
  return inbox.id;
}

export async function outboundApp(env: Record<string, string> = {}): Promise<OutboundApp> {
  const app = await testApp({ OUTBOUND_ALLOW_PRIVATE: 'true', ...env });
  const acct = await app.seedAccount();
  const inboxId = await emailInboxOf(app, acct);
  const owner = await app.login(acct.users.owner.email, acct.users.owner.password);
  const agent = await app.login(acct.users.agent.email, acct.users.agent.password);
  return { app, acct, inboxId, owner, agent };
}

/** Points the inbox at a relay on loopback (PUT as the owner; expects 200). */
export async function setRelay(
  o: OutboundApp,
  port: number,
  extra: Record<string, unknown> = {},
  inboxId = o.inboxId,
) {
  const r = await o.app.api('PUT', `/api/v1/inboxes/${inboxId}/email/smtp`, {
    session: o.owner,
    body: {
      host: '127.0.0.1',
      port,
      security: 'none',
      fromAddress: INBOX_ADDRESS,
      fromName: 'Shop Support',
      ...extra,
    },
  });
  if (r.status !== 200) throw new Error(`relay settings: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

/**
 * The customer's mail arrives as the inbound half stores it: the contact by address, the message
 * (attributes.email: subject, from) and its Message-ID in the threading map. Returns the
 * conversation id. (The contact's open conversation in the inbox takes it: tests give each
 * conversation its own customer address.)
 */
export async function customerWrites(
  o: OutboundApp,
  h: { from?: string; name?: string; subject?: string; messageId: string; automatic?: boolean },
  body = 'Where is my order?',
  inboxId = o.inboxId,
): Promise<string> {
  const from = h.from ?? 'alice@customer.example';
  return execute(
    o.app.services,
    systemActor(o.acct.accountId, 'email'),
    async (ctx) => {
      const { contact } = await findOrCreateContact(ctx, {
        identity: { kind: 'email', value: from },
        name: h.name ?? 'Alice Customer',
        email: from,
      });
      const r = await receiveMessage(ctx, {
        inboxId,
        contactId: contact.id,
        content: body,
        externalId: h.messageId,
        attributes: {
          email: { subject: h.subject ?? 'Order 1234', from, messageId: h.messageId },
          // what the inbound half marks on an auto-reply, a bounce or list mail
          ...(h.automatic ? { noAutoReply: true, autoSubmitted: 'auto_replied' } : {}),
        },
      });
      await recordMessageId(ctx.tx, {
        accountId: ctx.accountId,
        inboxId,
        messageId: h.messageId,
        conversationId: r.conversation.id,
        kefuMessageId: r.message.id,
        direction: 'in',
        createdAt: ctx.now,
      });
      return r.conversation.id;
    },
    undefined,
  );
}

/** The agent replies through the REST API (201); returns the message. */
export async function agentReplies(
  o: OutboundApp,
  conversationId: string,
  content: string,
  extra: Record<string, unknown> = {},
) {
  const r = await o.app.api('POST', `/api/v1/conversations/${conversationId}/messages`, {
    session: o.agent,
    body: { content, ...extra },
  });
  if (r.status !== 201) throw new Error(`reply: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as { id: string; status: string; attributes: Record<string, any> };
}

export function outboxOf(o: OutboundApp, messageId: string): Promise<OutboxRow | undefined> {
  return o.app.services.database.db
    .selectFrom('email_outbox')
    .selectAll()
    .where('message_id', '=', messageId)
    .executeTakeFirst();
}

/** Waits until the message's outbox row is in one of `states`. */
export function outboxIn(
  o: OutboundApp,
  messageId: string,
  ...states: OutboxState[]
): Promise<OutboxRow> {
  return until(
    () => outboxOf(o, messageId),
    (r) => !!r && states.includes(r.state) && r.claimed_until == null,
    { timeoutMs: 45_000, pollMs: 20, what: `outbox row in ${states.join('/')}` },
  ) as Promise<OutboxRow>;
}
