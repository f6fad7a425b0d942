/**
 * The durable cursor of an (inbox, mailbox) — UIDVALIDITY, last UID, HIGHESTMODSEQ — and the mails
 * the ingest failed on, with their attempts. Written by the sync only (no events).
 */
import { sql } from 'kysely';
import type { Executor } from '../../../core/db/client.ts';
import type { EmailImapCursorsTable, EmailImapFailuresTable } from './tables.ts';

export type Cursor = EmailImapCursorsTable;
export type Failure = EmailImapFailuresTable;

export async function getCursor(
  db: Executor,
  inboxId: string,
  mailbox: string,
): Promise<Cursor | null> {
  const row = await db
    .selectFrom('email_imap_cursors')
    .selectAll()
    .where('inbox_id', '=', inboxId)
    .where('mailbox', '=', mailbox)
    .executeTakeFirst();
  return row ? { ...row, last_uid: Number(row.last_uid) } : null;
}

/** The cursor a mailbox starts with, or one reset for a new UIDVALIDITY (the change is counted). */
export async function startCursor(
  db: Executor,
  at: { inboxId: string; accountId: string; mailbox: string; uidValidity: string; now: number },
  previous: Cursor | null,
): Promise<Cursor> {
  const row: Cursor = {
    inbox_id: at.inboxId,
    mailbox: at.mailbox,
    account_id: at.accountId,
    uid_validity: at.uidValidity,
    last_uid: 0,
    highest_modseq: null,
    uid_validity_changes: previous ? Number(previous.uid_validity_changes) + 1 : 0,
    previous_uid_validity: previous?.uid_validity ?? null,
    uid_validity_changed_at: previous ? at.now : null,
    updated_at: at.now,
  };
  const { inbox_id: _i, mailbox: _m, ...changes } = row;
  await db
    .insertInto('email_imap_cursors')
    .values(row)
    .onConflict((oc) => oc.columns(['inbox_id', 'mailbox']).doUpdateSet(changes))
    .execute();
  if (previous)
    // The old UIDs mean nothing now: their failures are not retried (ingest dedupes what comes back).
    await db
      .deleteFrom('email_imap_failures')
      .where('inbox_id', '=', at.inboxId)
      .where('mailbox', '=', at.mailbox)
      .where('uid_validity', '=', previous.uid_validity)
      .execute();
  return row;
}

/** Moves the cursor forward (never back) and notes the mailbox's HIGHESTMODSEQ. */
export async function advanceCursor(
  db: Executor,
  c: { inboxId: string; mailbox: string; uidValidity: string },
  lastUid: number,
  highestModseq: string | null,
  now: number,
): Promise<void> {
  await db
    .updateTable('email_imap_cursors')
    .set({
      last_uid: sql<number>`case when last_uid < ${lastUid} then ${lastUid} else last_uid end`,
      ...(highestModseq !== null ? { highest_modseq: highestModseq } : {}),
      updated_at: now,
    })
    .where('inbox_id', '=', c.inboxId)
    .where('mailbox', '=', c.mailbox)
    .where('uid_validity', '=', c.uidValidity)
    .execute();
}

/** The failures of this UIDVALIDITY, by UID. */
export async function failuresByUid(
  db: Executor,
  c: { inboxId: string; mailbox: string; uidValidity: string },
): Promise<Map<number, Failure>> {
  const rows = await db
    .selectFrom('email_imap_failures')
    .selectAll()
    .where('inbox_id', '=', c.inboxId)
    .where('mailbox', '=', c.mailbox)
    .where('uid_validity', '=', c.uidValidity)
    .execute();
  return new Map(rows.map((r) => [Number(r.uid), { ...r, uid: Number(r.uid) }]));
}

/**
 * Records a failed attempt (`attempts` in all); at `maxAttempts` the mail is given up, and the cursor
 * may pass it.
 */
export async function recordFailure(
  db: Executor,
  c: { inboxId: string; accountId: string; mailbox: string; uidValidity: string },
  uid: number,
  attempt: { attempts: number; error: string; maxAttempts: number; firstAt?: number },
  now: number,
): Promise<Failure> {
  const row: Failure = {
    inbox_id: c.inboxId,
    mailbox: c.mailbox,
    uid_validity: c.uidValidity,
    uid,
    account_id: c.accountId,
    attempts: attempt.attempts,
    status: attempt.attempts >= attempt.maxAttempts ? 'gave_up' : 'retrying',
    last_error: attempt.error.slice(0, 500),
    created_at: attempt.firstAt ?? now,
    updated_at: now,
  };
  await db
    .insertInto('email_imap_failures')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['inbox_id', 'mailbox', 'uid_validity', 'uid']).doUpdateSet({
        attempts: row.attempts,
        status: row.status,
        last_error: row.last_error,
        updated_at: now,
      }),
    )
    .execute();
  return row;
}

/** A mail that failed before went through: its failure row goes. */
export async function clearFailure(
  db: Executor,
  c: { inboxId: string; mailbox: string; uidValidity: string },
  uid: number,
): Promise<void> {
  await db
    .deleteFrom('email_imap_failures')
    .where('inbox_id', '=', c.inboxId)
    .where('mailbox', '=', c.mailbox)
    .where('uid_validity', '=', c.uidValidity)
    .where('uid', '=', uid)
    .execute();
}

/** The inbox's failures, newest first (for the status answer). */
export async function recentFailures(
  db: Executor,
  inboxId: string,
  limit = 20,
): Promise<Failure[]> {
  const rows = await db
    .selectFrom('email_imap_failures')
    .selectAll()
    .where('inbox_id', '=', inboxId)
    .orderBy('updated_at', 'desc')
    .orderBy('uid', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...r, uid: Number(r.uid) }));
}
