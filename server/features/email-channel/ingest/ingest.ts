/**
 * The one entry for inbound mail (SMTP listener, IMAP sync, raw-MIME webhook): parse, deduplicate,
 * thread, store. Never throws for a bad mail: the result says what happened.
 */
import { simpleParser } from 'mailparser';
import { execute } from '../../../core/commands/context.ts';
import { systemActor } from '../../../core/policies/actor.ts';
import type { Services } from '../../../core/services.ts';
import { dedupeKey } from '../domain/dedupe.ts';
import { storeMail } from '../commands/store-mail.ts';

export type IngestSource = 'smtp' | 'imap' | 'webhook';

export interface IngestInput {
  inboxId: string;
  raw: Buffer;
  source: IngestSource;
  envelopeTo?: string[];
}

export interface IngestResult {
  status: 'stored' | 'duplicate' | 'looped' | 'rejected' | 'failed';
  conversationId?: string;
  messageId?: string;
  error?: string;
}

export async function ingestRawMail(services: Services, input: IngestInput): Promise<IngestResult> {
  const inbox = await services.database.db
    .selectFrom('inboxes')
    .select(['id', 'account_id', 'channel_type'])
    .where('id', '=', input.inboxId)
    .executeTakeFirst();
  if (!inbox || inbox.channel_type !== 'email')
    return { status: 'rejected', error: 'email_inbox_not_found' };
  const parsed = await simpleParser(input.raw);
  const from = parsed.from?.value[0]?.address?.toLowerCase() ?? '';
  if (!from) return { status: 'rejected', error: 'email_no_sender' };
  const key = dedupeKey({
    messageId: parsed.messageId,
    date: parsed.headers.get('date') ? String(parsed.headers.get('date')) : null,
    from,
    subject: parsed.subject,
  });
  const refs = [
    ...(Array.isArray(parsed.references)
      ? parsed.references
      : parsed.references
        ? [parsed.references]
        : []),
    ...(parsed.inReplyTo ? [parsed.inReplyTo] : []),
  ];
  return execute(services, systemActor(inbox.account_id, 'email'), storeMail, {
    inboxId: inbox.id,
    source: input.source,
    dedupeKey: key,
    rfcMessageId: parsed.messageId ?? null,
    references: refs,
    from,
    fromName: parsed.from?.value[0]?.name || null,
    text: parsed.text ?? '',
    attributes: { email: { subject: parsed.subject ?? '', from } },
  });
}
