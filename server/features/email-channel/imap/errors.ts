/**
 * The IMAP sync's failures: each becomes one stable code (listed in shared/errors.ts) with a text in
 * both languages (strings.ts) and the server's or network's own words as a detail.
 */
export const IMAP_ERROR_CODES = [
  'imap_connect_failed',
  'imap_timeout',
  'imap_tls_failed',
  'imap_auth_failed',
  'imap_mailbox_not_found',
  'imap_mailbox_refused',
  'imap_address_blocked',
  'imap_failed',
] as const;
export type ImapErrorCode = (typeof IMAP_ERROR_CODES)[number];

/** A failure the sync or the connection test found itself (the folder, the address guard). */
export class ImapSyncError extends Error {
  constructor(
    public readonly code: ImapErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ImapSyncError';
  }
}

interface ErrorShape {
  code?: string;
  message?: string;
  authenticationFailed?: boolean;
  tlsFailed?: boolean;
  mailboxMissing?: boolean;
  serverResponseCode?: string;
  responseText?: string;
  cause?: unknown;
  _err?: unknown;
}

const NETWORK = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'NoConnection',
  'EConnectionClosed',
  'ClosedAfterConnectText',
  'ClosedAfterConnectTLS',
]);
const TIMEOUT = new Set([
  'ETIMEDOUT',
  'ETIMEOUT',
  'CONNECT_TIMEOUT',
  'GREETING_TIMEOUT',
  'UPGRADE_TIMEOUT',
]);
const TLS = /^(ERR_TLS|ERR_SSL|CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|EPROTO$|HOSTNAME_MISMATCH)/;

/** The stable code of any error met while connecting or syncing, and its detail for people. */
export function classify(err: unknown): { code: ImapErrorCode; detail: string } {
  const e = (err ?? {}) as ErrorShape;
  const inner = (e._err ?? e.cause ?? {}) as ErrorShape;
  const detail = String(e.responseText || e.message || inner.message || err).slice(0, 500);
  const nodeCode = e.code ?? inner.code ?? '';
  let code: ImapErrorCode = 'imap_failed';
  if (err instanceof ImapSyncError) code = err.code;
  else if (e.authenticationFailed || e.serverResponseCode === 'AUTHENTICATIONFAILED')
    code = 'imap_auth_failed';
  else if (e.mailboxMissing || e.serverResponseCode === 'NONEXISTENT')
    code = 'imap_mailbox_not_found';
  else if (e.tlsFailed || TLS.test(nodeCode)) code = 'imap_tls_failed';
  else if (TIMEOUT.has(nodeCode)) code = 'imap_timeout';
  else if (NETWORK.has(nodeCode)) code = 'imap_connect_failed';
  return { code, detail };
}
