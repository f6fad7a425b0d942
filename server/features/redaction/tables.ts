/** Tables owned by the redaction feature (migration 160), merged into the core's DB type. */

/** One row per account that changed its redaction settings (none: the defaults). */
export interface RedactionSettingsTable {
  account_id: string;
  /** JSON, domain/settings.ts `RedactionSettings`. */
  settings: string;
  updated_at: number;
}

/** The encrypted original of a redacted message (only when the account keeps originals). */
export interface RedactionOriginalsTable {
  message_id: string;
  account_id: string;
  /** AES-256-GCM (core/lib/secret-box.ts), purpose `redaction-original:<account id>`. */
  sealed: string;
  created_at: number;
}

/** Who revealed which message's original, and when (also in the audit log). */
export interface RedactionRevealsTable {
  id: string;
  account_id: string;
  message_id: string;
  user_id: string;
  created_at: number;
}

/** A retroactive redaction run over stored messages: durable cursor, counts, status. */
export interface RedactionRunsTable {
  id: string;
  account_id: string;
  /** 1: rewrite the matches; 0: count them only (dry run). */
  apply: number;
  status: 'running' | 'done' | 'failed';
  /** The last message id walked (ids sort by time): the run resumes after it. */
  cursor: string | null;
  scanned: number;
  changed: number;
  /** JSON `{ card?: n, id_number?: n, … }`: matches per type. */
  counts: string;
  created_by: string | null;
  created_at: number;
  updated_at: number;
  finished_at: number | null;
}

export interface RedactionTables {
  redaction_settings: RedactionSettingsTable;
  redaction_originals: RedactionOriginalsTable;
  redaction_reveals: RedactionRevealsTable;
  redaction_runs: RedactionRunsTable;
}

declare module '../../core/db/types.ts' {
  interface DB extends RedactionTables {}
}
