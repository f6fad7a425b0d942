/** Tables owned by the SSO feature (merged into DB in types.ts). */
export interface SsoConfigsTable {
  account_id: string;
  /** 0 | 1 */
  enabled: number;
  issuer: string;
  client_id: string;
  /** AES-256-GCM under a key derived from the server secret (core/lib/secret-box.ts); never returned. */
  client_secret_sealed: string | null;
  /** JSON array of lower-case domains. */
  allowed_domains: string;
  default_role: 'agent' | 'supervisor' | 'admin';
  /** 0 | 1: password sign-in refused for everyone of the account but owners. */
  sso_only: number;
  /** 0 | 1: accept emails the IdP does not mark `email_verified`. */
  trust_emails: number;
  updated_by: string | null;
  created_at: number;
  updated_at: number;
}

/** Which account an email domain starts SSO with (one account per domain). */
export interface SsoDomainsTable {
  domain: string;
  account_id: string;
}

export interface SsoTables {
  sso_configs: SsoConfigsTable;
  sso_domains: SsoDomainsTable;
}

// Merged into the core's database type (declaration merging): the core names no feature.
declare module '../../core/db/types.ts' {
  interface DB extends SsoTables {}
}
