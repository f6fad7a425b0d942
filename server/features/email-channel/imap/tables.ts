/** Tables of the IMAP sync (migration 130), merged into the core's DB by declaration merging. */

export type ImapSecurity = 'tls' | 'starttls' | 'none';
export type ImapState = 'off' | 'connecting' | 'syncing' | 'idle' | 'error';

/** One email inbox's IMAP mailbox: where to read, the sealed password, and how the sync is doing. */
export interface EmailImapSettingsTable {
  inbox_id: string;
  account_id: string;
  /** 1: synced; 0: kept but not synced. */
  enabled: number;
  host: string;
  port: number;
  security: ImapSecurity;
  username: string;
  /** core/lib/secret-box.ts, purpose `imap-password:<inbox>`: never answered. */
  password_sealed: string;
  /** The one folder read (default INBOX); a \Sent, \Drafts, \All, \Trash or \Junk folder is refused. */
  mailbox: string;
  /** 1: imported mail is flagged \Seen; 0 (default): the mailbox is opened read-only. */
  mark_seen: number;
  /** Mail received more than this many days before the settings were created is passed over; null: all (migration 131). */
  import_days: number | null;
  state: ImapState;
  last_sync_at: number | null;
  last_error_code: string | null;
  /** The server's or the network's own words (shown as a detail beside the localized text). */
  last_error_detail: string | null;
  last_error_at: number | null;
  /** Scaled mode: the node that syncs this inbox, until `lease_until` (renewed while it runs). */
  lease_owner: string | null;
  lease_until: number | null;
  created_at: number;
  updated_at: number;
}

/** The durable cursor of one (inbox, mailbox): nothing at or below `last_uid` is fetched again. */
export interface EmailImapCursorsTable {
  inbox_id: string;
  mailbox: string;
  account_id: string;
  /** UIDVALIDITY (32-bit unsigned) as text. */
  uid_validity: string;
  /** Every UID at or below it is stored, a duplicate, refused by ingest or given up. */
  last_uid: number;
  /** HIGHESTMODSEQ (CONDSTORE, 63-bit) as text; null when the server has no CONDSTORE. */
  highest_modseq: string | null;
  /** How often the UIDVALIDITY changed (the mailbox was recreated): each time it is re-scanned. */
  uid_validity_changes: number;
  previous_uid_validity: string | null;
  uid_validity_changed_at: number | null;
  updated_at: number;
}

/** A mail the ingest failed on: retried on later passes, given up after EMAIL_INGEST_MAX_ATTEMPTS. */
export interface EmailImapFailuresTable {
  inbox_id: string;
  mailbox: string;
  uid_validity: string;
  uid: number;
  account_id: string;
  attempts: number;
  status: 'retrying' | 'gave_up';
  last_error: string | null;
  created_at: number;
  updated_at: number;
}

export interface EmailImapTables {
  email_imap_settings: EmailImapSettingsTable;
  email_imap_cursors: EmailImapCursorsTable;
  email_imap_failures: EmailImapFailuresTable;
}

declare module '../../../core/db/types.ts' {
  interface DB extends EmailImapTables {}
}
