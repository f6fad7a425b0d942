/**
 * Tables of the email channel's outbound half (merged into the core's DB by declaration merging):
 * the SMTP relay of each email inbox, and the durable outbox of mails to send (one per message).
 */

export type SmtpSecurity = 'tls' | 'starttls' | 'none';

/** One email inbox's SMTP relay. Secrets are sealed (core/lib/secret-box.ts), never returned. */
export interface EmailSmtpSettingsTable {
  inbox_id: string;
  account_id: string;
  host: string;
  port: number;
  /** tls: TLS from the first byte (465); starttls: STARTTLS required (587); none: plain (a local relay). */
  security: SmtpSecurity;
  username: string | null;
  password_sealed: string | null;
  from_address: string;
  from_name: string | null;
  dkim_domain: string | null;
  dkim_selector: string | null;
  dkim_key_sealed: string | null;
  /** 1: the conversation's earlier mails are quoted below each reply. */
  quote_history: number;
  created_at: number;
  updated_at: number;
}

/**
 * pending: waiting for its first attempt (or a retry an admin asked for); deferred: a temporary
 * failure (4xx, the relay down or slow), tried again at next_attempt_at; sent: the relay took it;
 * failed: refused for good (5xx) or out of attempts; bounced: a delivery report came back for it.
 */
export type OutboxState = 'pending' | 'deferred' | 'sent' | 'failed' | 'bounced';

/** One outgoing mail per Kefu message: the delivery's durable state. */
export interface EmailOutboxTable {
  id: string;
  account_id: string;
  inbox_id: string;
  conversation_id: string;
  /** messages.id: one row per message (unique), which makes delivery idempotent. */
  message_id: string;
  state: OutboxState;
  /** 1: bot, auto-reply, CSAT, rules (marked Auto-Submitted); 0: a person's reply. */
  automatic: number;
  recipient: string;
  /** The RFC 5322 Message-ID, with angle brackets; the same on every attempt. */
  rfc_message_id: string;
  attempts: number;
  next_attempt_at: number | null;
  /** A node is sending it until then (a crash leaves it to the retry timer afterwards). */
  claimed_until: number | null;
  /** The relay's last answer (or the connection error), as it said it. */
  last_response: string | null;
  /** The stable code of the last failure (shared/errors.ts). */
  last_code: string | null;
  /** Sent despite a known problem, e.g. `address_bounced` (a person's reply to a bounced address). */
  warning: string | null;
  created_at: number;
  updated_at: number;
  sent_at: number | null;
}

export interface EmailOutboundTables {
  email_smtp_settings: EmailSmtpSettingsTable;
  email_outbox: EmailOutboxTable;
}

declare module '../../../core/db/types.ts' {
  interface DB extends EmailOutboundTables {}
}
