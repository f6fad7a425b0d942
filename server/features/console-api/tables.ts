/** Tables owned by the console feature (merged into DB in types.ts). */
export interface SavedFiltersTable {
  id: string;
  account_id: string;
  user_id: string;
  name: string;
  filter: string;
  created_at: number;
  updated_at: number;
}
export interface InvitationsTable {
  id: string;
  account_id: string;
  email: string;
  role: 'owner' | 'admin' | 'supervisor' | 'agent';
  token_hash: string;
  invited_by: string;
  created_at: number;
  expires_at: number;
  accepted_at: number | null;
  accepted_user_id: string | null;
  revoked_at: number | null;
  /** Pending users (POST /api/v1/users): activated by the first sign-in with this password. */
  name: string | null;
  locale: string | null;
  password_hash: string | null;
}
export interface ConsoleTables {
  saved_filters: SavedFiltersTable;
  invitations: InvitationsTable;
}

// Merged into the core's database type (declaration merging): the core names no feature.
declare module '../../core/db/types.ts' {
  interface DB extends ConsoleTables {}
}
