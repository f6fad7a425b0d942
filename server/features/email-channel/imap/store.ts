/**
 * The IMAP settings rows: reading them, the sync's own state (last sync, last error) and the lease
 * that lets one node at a time sync an inbox in scaled mode. The sync's bookkeeping is not a domain
 * change (no events): it is written directly, outside commands.
 */
import type { Executor } from '../../../core/db/client.ts';
import { open } from '../../../core/lib/secret-box.ts';
import type { ImapEndpoint } from './connect.ts';
import type { EmailImapSettingsTable, ImapState } from './tables.ts';

export type ImapSettingsRow = EmailImapSettingsTable;

/** The password is sealed for its inbox: a copy in another row does not open. */
export const passwordPurpose = (inboxId: string) => `imap-password:${inboxId}`;

export async function getSettings(db: Executor, inboxId: string): Promise<ImapSettingsRow | null> {
  return (
    (await db
      .selectFrom('email_imap_settings')
      .selectAll()
      .where('inbox_id', '=', inboxId)
      .executeTakeFirst()) ?? null
  );
}

/** Inboxes whose sync is switched on (every account). */
export async function enabledInboxes(db: Executor): Promise<string[]> {
  const rows = await db
    .selectFrom('email_imap_settings')
    .select('inbox_id')
    .where('enabled', '=', 1)
    .execute();
  return rows.map((r) => r.inbox_id);
}

/** Where to connect, with the password opened; null when it no longer opens (another secret). */
export function endpointOf(row: ImapSettingsRow, secret: string): ImapEndpoint | null {
  const password = open(secret, passwordPurpose(row.inbox_id), row.password_sealed);
  if (password === null) return null;
  return {
    host: row.host,
    port: Number(row.port),
    security: row.security,
    username: row.username,
    password,
    mailbox: row.mailbox,
  };
}

export interface StatePatch {
  state: ImapState;
  /** A pass finished: last_sync_at = now and the last error is cleared. */
  synced?: boolean;
  error?: { code: string; detail: string };
}

export async function setState(
  db: Executor,
  inboxId: string,
  now: number,
  patch: StatePatch,
): Promise<void> {
  await db
    .updateTable('email_imap_settings')
    .set({
      state: patch.state,
      ...(patch.synced
        ? { last_sync_at: now, last_error_code: null, last_error_detail: null, last_error_at: null }
        : {}),
      ...(patch.error
        ? {
            last_error_code: patch.error.code,
            last_error_detail: patch.error.detail,
            last_error_at: now,
          }
        : {}),
    })
    .where('inbox_id', '=', inboxId)
    .execute();
}

/**
 * Takes (or renews) the inbox's lease for `owner` until `now + leaseMs`; false when another node holds
 * a lease that has not run out. `force` (SQLite: one process owns the database) always takes it.
 */
export async function claimLease(
  db: Executor,
  inboxId: string,
  owner: string,
  now: number,
  leaseMs: number,
  force: boolean,
): Promise<boolean> {
  const r = await db
    .updateTable('email_imap_settings')
    .set({ lease_owner: owner, lease_until: now + leaseMs })
    .where('inbox_id', '=', inboxId)
    .where('enabled', '=', 1)
    .$if(!force, (q) =>
      q.where((eb) =>
        eb.or([
          eb('lease_owner', 'is', null),
          eb('lease_owner', '=', owner),
          eb('lease_until', 'is', null),
          eb('lease_until', '<', now),
        ]),
      ),
    )
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function releaseLease(db: Executor, inboxId: string, owner: string): Promise<void> {
  await db
    .updateTable('email_imap_settings')
    .set({ lease_owner: null, lease_until: null })
    .where('inbox_id', '=', inboxId)
    .where('lease_owner', '=', owner)
    .execute();
}
