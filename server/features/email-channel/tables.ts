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
  created_at: number;
}

export type InboundKeyStatus = 'pending' | 'stored' | 'failed' | 'looped' | 'tombstoned';

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

export interface EmailTables {
  email_message_ids: EmailMessageIdsTable;
  email_inbound_keys: EmailInboundKeysTable;
  email_tombstones: EmailTombstonesTable;
  email_address_state: EmailAddressStateTable;
}

declare module '../../core/db/types.ts' {
  interface DB extends EmailTables {}
}
