/**
 * What a failed SMTP attempt means: a stable code (strings.ts), whether trying again later may
 * succeed (4xx replies and connection trouble) or not (5xx replies, a refused address), and the
 * relay's own words. Never branches on error text: on nodemailer's codes and the SMTP reply code.
 */
import { AppError } from '../../../core/errors.ts';
import { type DeliveryCode, describeFailure } from './strings.ts';

export interface SmtpFailure {
  code: DeliveryCode;
  /** true: try again later (4xx, connection errors); false: refused for good (5xx, config). */
  temporary: boolean;
  /** The relay's answer or the connection error, as it was said (for admins). */
  response: string;
  responseCode: number | null;
}

interface MailerError {
  code?: string;
  responseCode?: number;
  response?: string;
  message?: string;
  originalCode?: string;
}

/** Our own refusal (the SSRF guard) before connecting. */
export class BlockedHostError extends Error {
  readonly code = 'EBLOCKED';
  constructor(host: string) {
    super(`refused address for ${host}`);
  }
}

const CONNECTION: Record<string, DeliveryCode> = {
  EDNS: 'smtp_host_not_found',
  ENOTFOUND: 'smtp_host_not_found',
  EAI_AGAIN: 'smtp_host_not_found',
  ETIMEDOUT: 'smtp_timeout',
  ETLS: 'smtp_tls_failed',
  ECONNECTION: 'smtp_connection_failed',
  ESOCKET: 'smtp_connection_failed',
  ECONNREFUSED: 'smtp_connection_failed',
  ECONNRESET: 'smtp_connection_failed',
};

/** Node's TLS failures (certificate checks, handshake), by code. */
const TLS_CODE = /^(ETLS|EPROTO|ERR_TLS_|ERR_SSL_|CERT_|DEPTH_ZERO_|SELF_SIGNED_|UNABLE_TO_)/;

export function classifySmtpError(err: unknown): SmtpFailure {
  const e = (err ?? {}) as MailerError;
  const said = (e.response ?? e.message ?? String(err)).slice(0, 1000);
  if (e.code === 'EBLOCKED')
    return { code: 'smtp_host_blocked', temporary: false, response: said, responseCode: null };
  const rc = typeof e.responseCode === 'number' ? e.responseCode : null;
  if (rc !== null && rc >= 400 && rc < 600) {
    const permanent = rc >= 500 && rc !== 503;
    const auth = e.code === 'EAUTH';
    const code: DeliveryCode = auth
      ? 'smtp_auth_failed'
      : permanent
        ? 'smtp_rejected'
        : 'smtp_deferred';
    return { code, temporary: !permanent, response: said, responseCode: rc };
  }
  if (e.code === 'EAUTH' || e.code === 'ENOAUTH')
    return { code: 'smtp_auth_failed', temporary: false, response: said, responseCode: rc };
  const tls = TLS_CODE.test(e.originalCode ?? '') || TLS_CODE.test(e.code ?? '');
  const code = tls
    ? 'smtp_tls_failed'
    : (CONNECTION[e.originalCode ?? ''] ?? CONNECTION[e.code ?? ''] ?? 'smtp_connection_failed');
  return { code, temporary: true, response: said, responseCode: rc };
}

/** The answer to an admin's test mail that failed: the code, both languages, the relay's words. */
export function testMailError(f: SmtpFailure): AppError {
  const messages = describeFailure(f.code, f.response);
  const status = f.code === 'smtp_host_blocked' || f.code === 'smtp_not_configured' ? 400 : 502;
  return new AppError(f.code, status, messages.en, {
    messages,
    smtpResponse: f.response,
    smtpCode: f.responseCode,
  });
}
