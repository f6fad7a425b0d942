/** Tables owned by the email channel (merged into the core's DB by declaration merging). */

/** One Message-ID seen (in) or sent (out) in an inbox, and the conversation it belongs to. */
export interface EmailMessageIdsTable {
  id: string;
  account_id: string;
  inbox_id: string;
  /** RFC 5322 id without angle brackets, lower-cased. */
  message_id: string;
  conversation_id: string;
  /** The Kefu message (messages.id) that carried it, when there is one. */
  kefu_message_id: string | null;
  direction: 'in' | 'out';
  /** The mail's subject (as written; compared normalised), when known. */
  subject: string | null;
  created_at: number;
}

export type InboundKeyStatus = 'stored' | 'failed' | 'looped' | 'rejected' | 'tombstoned';

/** One inbound mail per (inbox, dedupe key): Message-ID, or a hash of Date+From+Subject. */
export interface EmailInboundKeysTable {
  id: string;
  account_id: string;
  inbox_id: string;
  dedupe_key: string;
  status: InboundKeyStatus;
  attempts: number;
  last_error: string | null;
  source: 'smtp' | 'imap' | 'webhook';
  conversation_id: string | null;
  message_id: string | null;
  /** Quarantine of a failed mail: the encrypted raw and its key (sealed with the server secret). */
  raw_storage_key: string | null;
  raw_wrapped_key: string | null;
  created_at: number;
  updated_at: number;
}

/** A deleted conversation: its mails are never imported again. */
export interface EmailTombstonesTable {
  conversation_id: string;
  account_id: string;
  inbox_id: string;
  created_at: number;
}

/** Per-address delivery state parsed from bounces: a bounced address gets no automatic mail. */
export interface EmailAddressStateTable {
  account_id: string;
  address: string;
  state: 'ok' | 'soft_bounce' | 'bounced' | 'complained';
  bounces: number;
  last_status: string | null;
  last_action: string | null;
  last_diagnostic: string | null;
  updated_at: number;
}

/** Everyone a conversation's mails were from, to or cc (threading checks the sender against them). */
export interface EmailParticipantsTable {
  conversation_id: string;
  address: string;
  account_id: string;
  inbox_id: string;
  created_at: number;
}

/** The contact that mail from an address lands on while it cannot be verified (no identity taken). */
export interface EmailUnverifiedSendersTable {
  account_id: string;
  address: string;
  contact_id: string;
  created_at: number;
}

/** Two contacts that are probably one person (same address, one of them unverified). */
export interface EmailMergeSuggestionsTable {
  id: string;
  account_id: string;
  /** The newer contact (from mail that could not be verified). */
  contact_id: string;
  /** The contact that has the address. */
  candidate_id: string;
  address: string;
  reason: 'same_email_unverified';
  created_at: number;
}

/** A contact's key for raw mail, sealed with the server secret; deleting it erases their raw mail. */
export interface EmailContactKeysTable {
  id: string;
  account_id: string;
  contact_id: string;
  sealed_key: string;
  created_at: number;
}

/** One raw .eml, encrypted (AES-256-GCM) with its own key, which is wrapped by the contact's key. */
export interface EmailRawMailTable {
  message_id: string;
  account_id: string;
  contact_id: string;
  key_id: string;
  wrapped_key: string;
  storage_key: string;
  size: number;
  created_at: number;
}

export interface EmailTables {
  email_message_ids: EmailMessageIdsTable;
  email_inbound_keys: EmailInboundKeysTable;
  email_tombstones: EmailTombstonesTable;
  email_address_state: EmailAddressStateTable;
  email_participants: EmailParticipantsTable;
  email_unverified_senders: EmailUnverifiedSendersTable;
  email_merge_suggestions: EmailMergeSuggestionsTable;
  email_contact_keys: EmailContactKeysTable;
  email_raw_mail: EmailRawMailTable;
}

declare module '../../core/db/types.ts' {
  interface DB extends EmailTables {}
}
