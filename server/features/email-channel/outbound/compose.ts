/**
 * Builds the mail for one outbox row: From (the relay's sender), To, Reply-To with the
 * conversation's reply token, the subject decided when it was queued, the threading headers, the
 * reply with the quoted history (when the inbox wants it), the message's files, and the marks of
 * automatic mail (the inbound half's one module for them: domain/auto-mail.ts).
 */
import type { MailComposerOptions } from 'nodemailer/lib/mail-composer';
import { type Locale, translator } from '../../../../shared/i18n.ts';
import type { Executor } from '../../../core/db/client.ts';
import type { Message } from '../../../core/db/types.ts';
import type { FileStorage } from '../../../core/infra/ports.ts';
import { attachmentsOf } from '../../../core/queries/messages.ts';
import { automaticMailHeaders } from '../domain/auto-mail.ts';
import { threadHeaders } from './headers.ts';
import type { EmailInbox } from './inbox.ts';
import type { OutboxRow } from './outbox.ts';
import { quoteDate, replyBodies } from './quote.ts';
import { replyAddress, replyToken } from './reply-token.ts';
import type { Relay } from './settings.ts';
import { catalogue } from './strings.ts';
import { outgoingSubject } from './subject.ts';
import { threadFacts } from './thread.ts';

export interface ComposeInput {
  db: Executor;
  storage: FileStorage;
  secret: string;
  row: OutboxRow;
  message: Message;
  inbox: EmailInbox;
  relay: Relay;
  locale: Locale;
}

async function filesOf(db: Executor, storage: FileStorage, messageId: string) {
  const out: NonNullable<MailComposerOptions['attachments']> = [];
  for (const a of await attachmentsOf(db, [messageId])) {
    const content = await storage.get(a.storage_key);
    if (content) out.push({ filename: a.file_name, content, contentType: a.content_type });
  }
  return out;
}

export async function composeMail(c: ComposeInput): Promise<MailComposerOptions> {
  const t = translator(catalogue, c.locale);
  const teamName = c.relay.fromName || c.inbox.name;
  const facts = await threadFacts(
    c.db,
    {
      accountId: c.row.account_id,
      inboxId: c.row.inbox_id,
      conversationId: c.row.conversation_id,
      seq: Number(c.message.seq),
      ownMessageId: c.row.rfc_message_id,
      teamName,
    },
    c.relay.quoteHistory,
  );
  const { inReplyTo, references } = threadHeaders(facts);
  const body = replyBodies(c.message.content, facts.quoted, (q) =>
    t('emailOut.quoteHeader', { date: quoteDate(q.at), name: q.who }),
  );
  const replyTo = replyAddress(
    c.inbox.address ?? c.relay.fromAddress,
    replyToken(c.secret, c.row.conversation_id),
  );
  return {
    from: { name: teamName, address: c.relay.fromAddress },
    to: c.row.recipient,
    ...(replyTo ? { replyTo: { name: teamName, address: replyTo } } : {}),
    subject: await outgoingSubject(c.db, {
      accountId: c.row.account_id,
      conversationId: c.row.conversation_id,
      attributes: c.message.content_attributes,
    }),
    messageId: c.row.rfc_message_id,
    date: new Date(Number(c.message.created_at)),
    ...(inReplyTo ? { inReplyTo, references } : {}),
    text: body.text,
    html: body.html,
    attachments: await filesOf(c.db, c.storage, c.message.id),
    headers: c.row.automatic ? automaticMailHeaders('auto-replied') : {},
  };
}
