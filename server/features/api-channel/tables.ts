/** Tables owned by the API channel (merged into the core's DB in types.ts by declaration merging). */

/** One row per API inbox that has been set up: its inbox token (hashed) and its webhook. */
export interface ApiChannelInboxesTable {
  inbox_id: string;
  account_id: string;
  /** SHA-256 (hex) of the inbox token; the token itself is shown once and never stored. */
  token_hash: string | null;
  /** The token's last 4 characters, to tell tokens apart in Settings. */
  token_hint: string | null;
  token_rotated_at: number | null;
  webhook_url: string | null;
  /** The signing secret, sealed with core/lib/secret-box.ts (purpose `api-channel-webhook`). */
  webhook_secret: string | null;
  /** The secret before the last rotation, still signed with (second `v1=`) until `…_until`. */
  webhook_previous_secret: string | null;
  webhook_previous_until: number | null;
  webhook_secret_rotated_at: number | null;
  created_at: number;
  updated_at: number;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'dead';

/** One webhook delivery: one per (inbox webhook, subject); retried with backoff, then dead. */
export interface ApiChannelDeliveriesTable {
  id: string;
  account_id: string;
  inbox_id: string;
  /** `message:<message id>` or `event:<event id>`: the idempotency key within the inbox. */
  subject: string;
  event_type: string;
  conversation_id: string | null;
  message_id: string | null;
  /** The JSON body, fixed when the delivery was created (every attempt sends the same bytes). */
  payload: string;
  status: DeliveryStatus;
  attempts: number;
  /** Due time while pending; a claimed delivery is pushed ahead by the claim's lease. */
  next_attempt_at: number;
  last_attempt_at: number | null;
  last_error: string | null;
  last_status: number | null;
  delivered_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface ApiChannelTables {
  api_channel_inboxes: ApiChannelInboxesTable;
  api_channel_deliveries: ApiChannelDeliveriesTable;
}

// Merged into the core's database type (declaration merging): the core names no feature.
declare module '../../core/db/types.ts' {
  interface DB extends ApiChannelTables {}
}
