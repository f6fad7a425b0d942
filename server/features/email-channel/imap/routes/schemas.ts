/** What the IMAP routes take and answer (strict: a password can never ride along in an answer). */
import { z } from 'zod';
import type { Locale } from '../../../../../shared/i18n.ts';
import type { Executor } from '../../../../core/db/client.ts';
import type { Actor } from '../../../../core/policies/actor.ts';
import { getCursor, recentFailures } from '../cursor.ts';
import { IMAP_ERROR_CODES, type ImapErrorCode } from '../errors.ts';
import type { ImapSettingsRow } from '../store.ts';
import { errorText } from '../strings.ts';

const Host = z
  .string()
  .trim()
  .min(1)
  .max(253)
  .regex(/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?)$/, 'a host name or an IP');
const Mailbox = z
  .string()
  .trim()
  .min(1)
  .max(300)
  .regex(/^[^\x00-\x1f\x7f]+$/, 'no control characters');
const Security = z.enum(['tls', 'starttls', 'none']);

const connection = {
  host: Host,
  port: z.number().int().min(1).max(65_535).default(993),
  security: Security.default('tls'),
  username: z.string().min(1).max(320),
  /** Write-only; left out (or empty) keeps the stored one. */
  password: z.string().max(1000).optional(),
  mailbox: Mailbox.default('INBOX'),
};

export const ImapBody = z.strictObject({
  enabled: z.boolean(),
  ...connection,
  /** Flag imported mail \Seen (the folder is then opened read-write); off by default. */
  markSeen: z.boolean().default(false),
  /**
   * How far back the first sync reaches: mail received up to this many days before the settings
   * were first saved (0: only mail that arrives from then on; null: the whole mailbox).
   */
  importDays: z.number().int().min(0).max(36_500).nullable().default(7),
});

/** The settings to try (the form as it would be saved; `enabled` and `markSeen` play no part). */
export const ImapTestBody = z.strictObject({
  ...connection,
  enabled: z.boolean().optional(),
  markSeen: z.boolean().optional(),
  importDays: z.number().int().min(0).max(36_500).nullable().optional(),
});

const ErrorShape = z.strictObject({
  code: z.enum(IMAP_ERROR_CODES),
  /** In the caller's language. */
  message: z.string(),
  /** The server's or network's own words. */
  detail: z.string(),
});

export const ImapAnswer = z.strictObject({
  imap: z
    .strictObject({
      enabled: z.boolean(),
      host: z.string(),
      port: z.number(),
      security: Security,
      username: z.string(),
      passwordSet: z.boolean(),
      mailbox: z.string(),
      markSeen: z.boolean(),
      importDays: z.number().nullable(),
      updatedAt: z.string(),
    })
    .nullable(),
  status: z
    .strictObject({
      state: z.enum(['off', 'connecting', 'syncing', 'idle', 'error']),
      lastSyncAt: z.string().nullable(),
      lastError: ErrorShape.extend({ at: z.string() }).nullable(),
      cursor: z
        .strictObject({
          mailbox: z.string(),
          uidValidity: z.string(),
          lastUid: z.number(),
          highestModseq: z.string().nullable(),
          uidValidityChanges: z.number(),
          uidValidityChangedAt: z.string().nullable(),
        })
        .nullable(),
      /** Mails the ingest failed on: retried, or given up after EMAIL_INGEST_MAX_ATTEMPTS (newest first). */
      failures: z.array(
        z.strictObject({
          uid: z.number(),
          uidValidity: z.string(),
          attempts: z.number(),
          status: z.enum(['retrying', 'gave_up']),
          error: z.string().nullable(),
          at: z.string(),
        }),
      ),
    })
    .nullable(),
});

export const ImapTestAnswer = z.union([
  z.strictObject({
    ok: z.literal(true),
    mailbox: z.strictObject({
      path: z.string(),
      messages: z.number(),
      uidValidity: z.string(),
      highestModseq: z.string().nullable(),
    }),
  }),
  z.strictObject({ ok: z.literal(false), error: ErrorShape }),
]);

const iso = (ms: number | null) => (ms === null ? null : new Date(Number(ms)).toISOString());

export const errorAnswer = (
  locale: Locale,
  code: ImapErrorCode,
  detail: string,
  mailbox: string,
) => ({ code, message: errorText(locale, code, mailbox), detail });

/** The caller's language (their profile's), for the texts of errors. */
export async function localeOf(db: Executor, actor: Actor): Promise<Locale> {
  if (actor.kind !== 'user') return 'en';
  const u = await db
    .selectFrom('users')
    .select('locale')
    .where('id', '=', actor.userId)
    .executeTakeFirst();
  return u?.locale === 'en' ? 'en' : 'zh-CN';
}

export async function present(
  db: Executor,
  inboxId: string,
  row: ImapSettingsRow | null,
  locale: Locale,
): Promise<z.infer<typeof ImapAnswer>> {
  if (!row) return { imap: null, status: null };
  const cursor = await getCursor(db, inboxId, row.mailbox);
  const failures = await recentFailures(db, inboxId);
  const code = row.last_error_code as ImapErrorCode | null;
  return {
    imap: {
      enabled: !!Number(row.enabled),
      host: row.host,
      port: Number(row.port),
      security: row.security,
      username: row.username,
      passwordSet: !!row.password_sealed,
      mailbox: row.mailbox,
      markSeen: !!Number(row.mark_seen),
      importDays: row.import_days === null ? null : Number(row.import_days),
      updatedAt: iso(row.updated_at)!,
    },
    status: {
      state: row.state,
      lastSyncAt: iso(row.last_sync_at),
      lastError:
        code && row.last_error_at !== null
          ? {
              ...errorAnswer(locale, code, row.last_error_detail ?? '', row.mailbox),
              at: iso(row.last_error_at)!,
            }
          : null,
      cursor: cursor && {
        mailbox: cursor.mailbox,
        uidValidity: cursor.uid_validity,
        lastUid: cursor.last_uid,
        highestModseq: cursor.highest_modseq,
        uidValidityChanges: Number(cursor.uid_validity_changes),
        uidValidityChangedAt: iso(cursor.uid_validity_changed_at),
      },
      failures: failures.map((f) => ({
        uid: f.uid,
        uidValidity: f.uid_validity,
        attempts: Number(f.attempts),
        status: f.status,
        error: f.last_error,
        at: iso(f.updated_at)!,
      })),
    },
  };
}
