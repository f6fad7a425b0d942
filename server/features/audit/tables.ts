/** Tables owned by the audit feature (merged into the core's DB type). */
export interface AuditLogTable {
  id: string;
  account_id: string;
  /** 'user' (signed in, by session or API token) or 'anonymous' (a failed sign-in). */
  actor_type: string;
  actor_id: string | null;
  /** The actor's email at the time (for a failed sign-in: the email that was tried). */
  actor_label: string | null;
  /** Readable name (`token.create`) or, for routes without one, `METHOD /route/pattern`. */
  action: string;
  method: string;
  /** The route pattern, e.g. `/api/v1/users/:id`. */
  route: string;
  target_type: string | null;
  target_id: string | null;
  ip: string | null;
  user_agent: string | null;
  request_id: string | null;
  /** The HTTP status of the answer. */
  status: number;
  /** JSON: body keys, allow-listed values, path parameters, error code. Never secrets. */
  detail: string;
  created_at: number;
}

export interface AuditTables {
  audit_log: AuditLogTable;
}

// Merged into the core's database type (declaration merging): the core names no feature.
declare module '../../core/db/types.ts' {
  interface DB extends AuditTables {}
}
