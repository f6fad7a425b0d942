/**
 * The one entry for inbound mail (SMTP listener, IMAP sync, raw-MIME webhook): size limit, one
 * idempotency key per inbox and mail, the raw mail kept encrypted, parse (in a worker thread with
 * time and memory limits: ingest/parse-pool.ts), sender verification,
 * files, then the transaction (commands/store-mail.ts). Never throws for a bad mail: the result
 * says what happened. A mail that fails is counted on its key and kept in quarantine; after
 * EMAIL_INGEST_MAX_ATTEMPTS it is no longer tried (an admin may retry it: ingest/retry.ts).
 */
import { execute } from '../../../core/commands/context.ts';
import { systemActor } from '../../../core/policies/actor.ts';
import type { Services } from '../../../core/services.ts';
import { authVerdict } from '../domain/auth-verdict.ts';
import { inboxAddresses } from '../domain/settings.ts';
import { storeMail } from '../commands/store-mail.ts';
import { putParts } from '../store/attachments.ts';
import { findInboundKey, recordFailure } from '../store/inbound-keys.ts';
import { loadEmailInboxes } from '../store/inbox-directory.ts';
import { putRawMail, sealQuarantineKey } from '../store/raw-mail.ts';
import { checkAuth, type SmtpFacts } from './authenticate.ts';
import { rawDedupeKey } from './headers.ts';
import { mailParser } from './parse-pool.ts';

export type IngestSource = 'smtp' | 'imap' | 'webhook';

export interface IngestInput {
  inboxId: string;
  raw: Buffer;
  source: IngestSource;
  envelopeTo?: string[];
  /** What the SMTP listener saw (client IP, HELO, MAIL FROM) for SPF. */
  smtp?: SmtpFacts;
}

export interface IngestResult {
  status: 'stored' | 'duplicate' | 'looped' | 'rejected' | 'failed';
  conversationId?: string;
  messageId?: string;
  /** A stable code (shared/errors.ts) saying why it was rejected, looped or failed. */
  error?: string;
}

export async function ingestRawMail(services: Services, input: IngestInput): Promise<IngestResult> {
  const db = services.database.db;
  const owner = await db
    .selectFrom('inboxes')
    .select('account_id')
    .where('id', '=', input.inboxId)
    .where('channel_type', '=', 'email')
    .executeTakeFirst();
  const inboxes = owner ? await loadEmailInboxes(db, owner.account_id) : [];
  const inbox = inboxes.find((i) => i.id === input.inboxId);
  if (!inbox) return { status: 'rejected', error: 'not_found' };
  if (input.raw.length > services.config.EMAIL_MAX_BYTES)
    return { status: 'rejected', error: 'payload_too_large' };
  const dedupeKey = rawDedupeKey(input.raw);
  const existing = await findInboundKey(db, inbox.id, dedupeKey);
  if (existing && existing.status !== 'failed') return settled(existing);
  const max = services.config.EMAIL_INGEST_MAX_ATTEMPTS;
  if (existing && existing.attempts >= max)
    return { status: 'failed', error: 'email_ingest_attempts_exhausted' };
  const ownAddresses = inboxes.flatMap((i) => inboxAddresses(i.settings));
  let raw: Awaited<ReturnType<typeof putRawMail>> | null = null;
  try {
    raw = await putRawMail(services.storage, inbox.accountId, inbox.id, dedupeKey, input.raw);
    const mail = await mailParser().parse(input.raw);
    const auth = authVerdict(
      await checkAuth(services, input.raw, input.smtp),
      inbox.settings.trustSenders,
    );
    const { parts, ...rest } = mail;
    const stored = await putParts(services.storage, inbox.accountId, parts, services.clock.now());
    return await execute(services, systemActor(inbox.accountId, 'email'), storeMail, {
      inboxId: inbox.id,
      settings: inbox.settings,
      ownAddresses,
      source: input.source,
      dedupeKey,
      mail: rest,
      parts: stored,
      auth,
      raw: { storageKey: raw.storageKey, dataKey: raw.dataKey, size: input.raw.length },
      envelopeTo: (input.envelopeTo ?? []).map((a) => a.toLowerCase()),
      secret: services.secret,
    });
  } catch (err) {
    services.log.error(
      { err, inboxId: inbox.id, source: input.source },
      'email: storing an inbound mail failed',
    );
    const attempts = await recordFailure(
      db,
      {
        accountId: inbox.accountId,
        inboxId: inbox.id,
        dedupeKey,
        source: input.source,
        now: services.clock.now(),
      },
      errorText(err),
      raw
        ? {
            storageKey: raw.storageKey,
            wrappedKey: sealQuarantineKey(services.secret, raw.dataKey),
          }
        : null,
    ).catch(() => max);
    if (attempts === null) return settled(await findInboundKey(db, inbox.id, dedupeKey));
    return {
      status: 'failed',
      error: attempts >= max ? 'email_ingest_attempts_exhausted' : 'email_ingest_failed',
    };
  }
}

/** What the failure list shows admins: the error's code or class, never a stack. */
function errorText(err: unknown): string {
  const e = err as { code?: unknown; name?: unknown; message?: unknown };
  return [e.code, e.name, e.message].filter((x) => typeof x === 'string' && x).join(': ');
}

/** The answer for a mail whose key another delivery already settled. */
function settled(key: { conversation_id: string | null; message_id: string | null } | undefined) {
  return {
    status: 'duplicate' as const,
    ...(key?.conversation_id ? { conversationId: key.conversation_id } : {}),
    ...(key?.message_id ? { messageId: key.message_id } : {}),
  };
}
