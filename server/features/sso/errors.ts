/**
 * The SSO feature's failures. Each has a stable code (listed in shared/errors.ts) that the sign-in
 * page shows in both languages: a failing start or callback redirects to `/app/login?sso_error=<code>`.
 */
import { AppError } from '../../core/errors.ts';

/** Every code a sign-in with SSO can end with (besides `rate_limited`). */
export const SSO_FLOW_ERRORS = [
  'sso_not_configured',
  'sso_login_expired',
  'sso_state_mismatch',
  'sso_nonce_mismatch',
  'sso_pkce_failed',
  'sso_access_denied',
  'sso_idp_error',
  'sso_token_invalid',
  'sso_email_missing',
  'sso_email_unverified',
  'sso_domain_not_allowed',
  'sso_email_other_account',
  'sso_user_disabled',
] as const;
export type SsoFlowError = (typeof SSO_FLOW_ERRORS)[number];

const messages: Record<SsoFlowError, string> = {
  sso_not_configured: 'Single sign-on is not set up for this account.',
  sso_login_expired: 'The sign-in took too long or was started in another browser; start again.',
  sso_state_mismatch: 'The answer from the identity provider does not belong to this sign-in.',
  sso_nonce_mismatch: 'The identity token was not issued for this sign-in.',
  sso_pkce_failed:
    'The identity provider refused the code for this sign-in (PKCE verifier, or the code expired or was used).',
  sso_access_denied: 'The identity provider refused the sign-in.',
  sso_idp_error: 'The identity provider could not be reached or answered with an error.',
  sso_token_invalid: 'The identity token is not valid.',
  sso_email_missing: 'The identity provider did not tell the email address.',
  sso_email_unverified: 'The identity provider has not verified this email address.',
  sso_domain_not_allowed: 'This email domain may not sign in to this account.',
  sso_email_other_account: 'This email belongs to a user of another account.',
  sso_user_disabled: 'This user is disabled.',
};

const status: Partial<Record<SsoFlowError, number>> = {
  sso_not_configured: 404,
  sso_access_denied: 403,
  sso_idp_error: 502,
  sso_domain_not_allowed: 403,
  sso_email_other_account: 403,
  sso_user_disabled: 403,
};

/** A failed sign-in with SSO (the routes turn it into a redirect to the sign-in page). */
export function ssoError(code: SsoFlowError, cause?: unknown): AppError {
  const err = new AppError(code, status[code] ?? 400, messages[code]);
  if (cause) (err as { cause?: unknown }).cause = cause;
  return err;
}

export const isSsoFlowError = (code: unknown): code is SsoFlowError =>
  typeof code === 'string' && (SSO_FLOW_ERRORS as readonly string[]).includes(code);

/** Password sign-in refused: the account signs in with SSO (owners excepted: see guard.ts). */
export const ssoRequired = () =>
  new AppError(
    'sso_required',
    403,
    'This account signs in with single sign-on (SSO). Use "Sign in with SSO".',
  );
