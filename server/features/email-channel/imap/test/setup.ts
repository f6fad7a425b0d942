/**
 * What the IMAP suites share: an app that may reach the test's dovecot on 127.0.0.1, an email inbox
 * set up through the API, mail put into dovecot with IMAP APPEND (imapflow, as any client would),
 * and reads of what Kefu stored.
 */
import { ImapFlow } from 'imapflow';
import type { SeededAccount, Session, TestApp } from '../../../../test/test-app.ts';
import type { IngestInput, IngestResult } from '../../ingest/ingest.ts';
import { ingestRawMail } from '../../ingest/ingest.ts';
import type { Ingest } from '../sync-pass.ts';
import type { Dovecot } from './dovecot.ts';

/** testApp() settings for the IMAP suites: dovecot listens on loopback. */
export const IMAP_APP_ENV = { OUTBOUND_ALLOW_PRIVATE: 'true', EMAIL_INGEST_MAX_ATTEMPTS: '3' };

export async function createEmailInbox(app: TestApp, owner: Session, name = 'Support mail') {
  const r = await app.api('POST', '/api/v1/inboxes', {
    session: owner,
    body: { name, channelType: 'email' },
  });
  if (r.status !== 201) throw new Error(`inbox: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.id as string;
}

export const imapBody = (d: Dovecot, extra: Record<string, unknown> = {}) => ({
  enabled: true,
  host: d.host,
  port: d.port,
  security: 'none',
  username: d.user,
  password: d.password,
  ...extra,
});

export function putImap(
  app: TestApp,
  session: Session,
  inboxId: string,
  body: Record<string, unknown>,
) {
  return app.api('PUT', `/api/v1/inboxes/${inboxId}/imap`, { session, body });
}

export const getImap = (app: TestApp, session: Session, inboxId: string) =>
  app.api('GET', `/api/v1/inboxes/${inboxId}/imap`, { session });

let seq = 0;
/** A plain mail; `id` names its Message-ID and its body (`body <id>`). */
export function mail(id: string, opts: { from?: string; subject?: string; body?: string } = {}) {
  seq++;
  return Buffer.from(
    [
      `From: ${opts.from ?? `Customer ${id} <customer-${id}@example.com>`}`,
      'To: support@kefu.test',
      `Subject: ${opts.subject ?? `Question ${id}`}`,
      `Date: ${new Date(Date.UTC(2025, 0, 1, 0, 0, seq)).toUTCString()}`,
      `Message-ID: <${id}@example.com>`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      opts.body ?? `body ${id}`,
      '',
    ].join('\r\n'),
  );
}

/** A client of the test's own (the customer's side of the mailbox). */
export async function mailboxClient(d: Dovecot): Promise<ImapFlow> {
  const c = new ImapFlow({
    host: d.host,
    port: d.port,
    secure: false,
    doSTARTTLS: false,
    auth: { user: d.user, pass: d.password },
    logger: false,
  });
  c.on('error', () => {});
  await c.connect();
  return c;
}

/** APPENDs mails to a folder (created when missing), with a received date when given; returns their UIDs. */
export async function appendMails(
  d: Dovecot,
  folder: string,
  mails: Array<Buffer | { raw: Buffer; receivedAt: Date }>,
): Promise<number[]> {
  const c = await mailboxClient(d);
  try {
    const boxes = await c.list();
    if (!boxes.some((b) => b.path === folder)) await c.mailboxCreate(folder);
    const uids: number[] = [];
    for (const m of mails) {
      const r = Buffer.isBuffer(m)
        ? await c.append(folder, m)
        : await c.append(folder, m.raw, [], m.receivedAt);
      if (r && r.uid) uids.push(r.uid);
    }
    return uids;
  } finally {
    await c.logout().catch(() => c.close());
  }
}

/** The customer messages Kefu stored for an inbox (their text), oldest first. */
export async function storedTexts(app: TestApp, inboxId: string): Promise<string[]> {
  const rows = await app.services.database.db
    .selectFrom('messages')
    .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
    .select(['messages.content'])
    .where('conversations.inbox_id', '=', inboxId)
    .where('messages.message_type', '=', 'incoming')
    .orderBy('messages.created_at')
    .orderBy('messages.seq')
    .execute();
  return rows.map((r) => String(r.content ?? '').trim());
}

export type IngestCall = { inboxId: string; messageId: string; status: IngestResult['status'] };

/**
 * The real ingest, with every call and its outcome noted (which mail, how often); `fail` may answer
 * for a mail instead (an ingest failure the test needs).
 */
export function recordingIngest(
  fail: (raw: string) => IngestResult | null = () => null,
): Ingest & { calls: IngestCall[] } {
  const calls: IngestCall[] = [];
  const ingest = async (services: Parameters<Ingest>[0], input: IngestInput) => {
    const text = input.raw.toString('utf8');
    const messageId = /^Message-ID: <([^>]+)>/im.exec(text)?.[1] ?? '';
    let result: IngestResult;
    try {
      result = fail(text) ?? (await ingestRawMail(services, input));
    } catch (err) {
      calls.push({ inboxId: input.inboxId, messageId, status: 'failed' });
      throw err;
    }
    calls.push({ inboxId: input.inboxId, messageId, status: result.status });
    return result;
  };
  return Object.assign(ingest, { calls });
}

export type { SeededAccount };
