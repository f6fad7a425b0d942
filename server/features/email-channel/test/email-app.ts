/** Test set-up of the email channel: a real app with an email inbox in a seeded account. */
import { createInbox } from '../../../core/commands/accounts.ts';
import { execute } from '../../../core/commands/context.ts';
import { testApp, type SeededAccount, type TestApp } from '../../../test/test-app.ts';
import { setMailAuthResolver } from '../ingest/authenticate.ts';
import { ingestRawMail, type IngestResult, type IngestSource } from '../ingest/ingest.ts';
import { recordMessageId } from '../store/message-ids.ts';
import { tableResolver, type DnsTable } from './dns.ts';

export interface EmailApp {
  app: TestApp;
  acct: SeededAccount;
  /** An email inbox of acct. */
  inboxId: string;
}

export async function emailInbox(
  app: TestApp,
  acct: SeededAccount,
  settings: Record<string, unknown> = {},
  name = 'Support mail',
): Promise<string> {
  const inbox = await execute(app.services, acct.users.owner.actor, createInbox, {
    name,
    channelType: 'email',
    settings,
  });
  return inbox.id;
}

/** A running app whose sender checks read DNS from `dns` (there is no DNS here). */
export async function emailApp(
  env: Record<string, string> = {},
  settings: Record<string, unknown> = { email: { address: 'support@shop.example' } },
  dns: DnsTable = {},
): Promise<EmailApp> {
  const app = await testApp(env);
  setMailAuthResolver(app.services, tableResolver(dns));
  const acct = await app.seedAccount();
  const inboxId = await emailInbox(app, acct, settings);
  return { app, acct, inboxId };
}

/** A minimal RFC 5322 mail; headers given override the defaults. */
export function mail(headers: Record<string, string>, body = 'Hello\r\n'): Buffer {
  const all: Record<string, string> = {
    From: 'Alice <alice@customer.example>',
    To: 'support@shop.example',
    Subject: 'Order question',
    Date: 'Mon, 02 Jun 2025 10:00:00 +0000',
    'Message-ID': `<m-${Math.random().toString(36).slice(2)}@customer.example>`,
    'MIME-Version': '1.0',
    'Content-Type': 'text/plain; charset=utf-8',
    ...headers,
  };
  const head = Object.entries(all)
    .filter(([, v]) => v !== '')
    .map(([k, v]) => `${k}: ${v}`)
    .join('\r\n');
  return Buffer.from(`${head}\r\n\r\n${body}`);
}

/** Delivers a mail to an inbox through ingestRawMail. */
export function deliver(
  e: EmailApp,
  headers: Record<string, string>,
  opts: { body?: string; inboxId?: string; envelopeTo?: string[]; source?: IngestSource } = {},
): Promise<IngestResult> {
  return ingestRawMail(e.app.services, {
    inboxId: opts.inboxId ?? e.inboxId,
    raw: mail(headers, opts.body),
    source: opts.source ?? 'smtp',
    ...(opts.envelopeTo ? { envelopeTo: opts.envelopeTo } : {}),
  });
}

/** The messages of a conversation, in order, with their attributes parsed. */
export async function messagesOf(e: EmailApp, conversationId: string) {
  const rows = await e.app.services.database.db
    .selectFrom('messages')
    .selectAll()
    .where('conversation_id', '=', conversationId)
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({
    ...r,
    attributes: JSON.parse(r.content_attributes) as Record<string, any>,
  }));
}

export async function conversationOf(e: EmailApp, id: string) {
  return e.app.services.database.db
    .selectFrom('conversations')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

/** Records a mail Kefu "sent" in a conversation, as the outbound half does. */
export async function sent(
  e: EmailApp,
  conversationId: string,
  messageId: string,
  opts: { inboxId?: string; subject?: string } = {},
): Promise<void> {
  const conv = await conversationOf(e, conversationId);
  await recordMessageId(e.app.services.database.db, {
    accountId: conv.account_id,
    inboxId: opts.inboxId ?? e.inboxId,
    messageId,
    conversationId,
    direction: 'out',
    subject: opts.subject ?? null,
    createdAt: Date.now(),
  });
}
