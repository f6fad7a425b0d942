/** Tables owned by the WeChat channel (merged into the core's DB by declaration merging). */
import type { CallbackMode } from './domain/verify.ts';
import type { WindowKind } from './domain/window.ts';

export type WechatAppKind = 'official_account' | 'mini_program';

/** One row per WeChat inbox that was set up: the app and its secrets (sealed, never returned). */
export interface WechatInboxesTable {
  inbox_id: string;
  account_id: string;
  app_id: string;
  app_kind: WechatAppKind;
  mode: CallbackMode;
  /** Sealed with core/lib/secret-box.ts (purpose `wechat-channel`). */
  token_sealed: string;
  /** The EncodingAESKey, sealed; null in plaintext mode when none was given. */
  aes_key_sealed: string | null;
  app_secret_sealed: string;
  /** Ask `user/info` for the UnionID of new followers (1/0). */
  fetch_user_info: number;
  created_at: number;
  updated_at: number;
}

export type InboundStatus = 'pending' | 'done' | 'ignored' | 'failed';

/**
 * One callback delivery per (inbox, dedupe key), stored before `success` is answered. The raw
 * document is sealed (purpose `wechat-inbound`) and dropped once processed.
 */
export interface WechatInboundTable {
  id: string;
  account_id: string;
  inbox_id: string;
  dedupe_key: string;
  open_id: string;
  msg_type: string;
  raw_sealed: string | null;
  status: InboundStatus;
  attempts: number;
  last_error: string | null;
  message_id: string | null;
  created_at: number;
  processed_at: number | null;
}

/** The reply window of one user (openid) of one inbox: count and deadline (domain/window.ts). */
export interface WechatWindowsTable {
  inbox_id: string;
  open_id: string;
  account_id: string;
  kind: WindowKind;
  quota: number;
  used: number;
  opened_at: number;
  closes_at: number;
  updated_at: number;
}

export type OutboxState = 'pending' | 'sent' | 'failed';

/** One outgoing Kefu message to a WeChat user: its parts (text, each file) and how far it got. */
export interface WechatOutboxTable {
  id: string;
  account_id: string;
  inbox_id: string;
  conversation_id: string;
  message_id: string;
  open_id: string;
  parts: number;
  parts_sent: number;
  state: OutboxState;
  attempts: number;
  last_code: string | null;
  last_errcode: number | null;
  last_error: string | null;
  claimed_until: number | null;
  created_at: number;
  updated_at: number;
  sent_at: number | null;
}

export interface WechatTables {
  wechat_inboxes: WechatInboxesTable;
  wechat_inbound: WechatInboundTable;
  wechat_windows: WechatWindowsTable;
  wechat_outbox: WechatOutboxTable;
}

// Merged into the core's database type (declaration merging): the core names no feature.
declare module '../../core/db/types.ts' {
  interface DB extends WechatTables {}
}
