/**
 * Stable error codes. Every failure the server answers has the body
 * `{ error: { code, message, details? } }` (HTTP, and socket acks); `code` is one of these and never
 * changes meaning, so clients branch on it (the message is for people and may change).
 * shared/shared.test.ts checks that every code the server throws is listed here.
 * Isomorphic and dependency-free (the clients import it at run time).
 */
export const ERROR_CODES = [
  // generic (server/core/errors.ts, server/core/http/errors.ts, realtime/handle.ts)
  'invalid_request',
  'invalid_json',
  'unauthorized',
  'forbidden',
  'not_found',
  'payload_too_large',
  'unsupported_media_type',
  'rate_limited',
  'storage_full',
  'database_busy',
  'unavailable',
  'internal_error',
  'csrf_failed',
  'invalid_cursor',
  'version_conflict',
  // accounts, users, auth
  'invalid_credentials',
  'account_locked',
  'two_factor_required',
  'invalid_two_factor_code',
  'two_factor_not_pending',
  'two_factor_already_enabled',
  'challenge_expired',
  'token_expired',
  'insufficient_scope',
  'email_taken',
  'cannot_change_self',
  'invitation_invalid',
  'invitation_expired',
  'unknown_user',
  'unknown_inbox',
  'unknown_owner',
  // single sign-on (features/sso): settings, password sign-in refused, and the sign-in's own failures
  'sso_required',
  'sso_discovery_failed',
  'sso_domain_taken',
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
  // conversations, contacts, attachments
  'invalid_transition',
  'invalid_snooze',
  'invalid_merge',
  'no_conversation',
  'missing_file',
  'invalid_signature',
  'link_expired',
  'too_many_saved_filters',
  'name_taken',
  'short_code_taken',
  // email channel, outbound (features/email-channel/outbound): relay settings, test mail, and why a
  // mail was not delivered (also shown on the message and in the outbox list)
  'not_an_email_inbox',
  'invalid_dkim_key',
  'email_not_retryable',
  'smtp_not_configured',
  'smtp_host_blocked',
  'smtp_host_not_found',
  'smtp_connection_failed',
  'smtp_timeout',
  'smtp_tls_failed',
  'smtp_auth_failed',
  'smtp_rejected',
  'smtp_deferred',
  'email_address_bounced',
  'contact_has_no_email',
  'email_bounced',
  'email_auto_loop',
  'email_auto_rate_limited',
  'email_send_failed',
  // widget
  'origin_not_allowed',
  'identity_verification_required',
  'identity_verification_failed',
  'invalid_context',
  'csat_already_submitted',
  'csat_not_available',
  'feedback_exists',
  'feedback_not_allowed',
  // API channel (features/api-channel): the app's inbox token, settings, redelivery
  'invalid_inbox_token',
  'not_api_inbox',
  'webhook_url_not_allowed',
  'webhook_not_configured',
  'delivery_not_dead',
  // routing (capacity, rules, macros)
  'agent_at_capacity',
  'force_not_allowed',
  'invalid_trigger',
  'webhook_in_macro',
  // WeChat channel (features/wechat-channel): callback checks, settings, replies the platform refuses
  'wechat_stale_request',
  'wechat_decrypt_failed',
  'wechat_appid_mismatch',
  'wechat_encryption_required',
  'wechat_invalid_xml',
  'wechat_wrong_channel',
  'wechat_settings_incomplete',
  'wechat_not_configured',
  'wechat_reply_window_closed',
  'wechat_reply_limit_reached',
  'wechat_user_unsubscribed',
  'wechat_unsupported_media',
  'wechat_text_too_long',
  'wechat_send_failed',
  // canned replies and templates: a reply still has a {{variable}} that was not filled
  'unfilled_variables',
  // knowledge base
  'article_incomplete',
  'slug_taken',
  'translation_exists',
  'invalid_parent',
  'unknown_category',
  'gap_has_article',
  'import_malformed',
  'import_rejected',
  'import_too_large',
  'unknown_format',
  // analytics (reports)
  'invalid_range',
  // email channel, IMAP sync (features/email-channel/imap): settings, and what a connection test or the
  // sync's status reports
  'imap_not_configured',
  'imap_inbox_not_email',
  'imap_connect_failed',
  'imap_timeout',
  'imap_tls_failed',
  'imap_auth_failed',
  'imap_mailbox_not_found',
  'imap_mailbox_refused',
  'imap_address_blocked',
  'imap_failed',
  // AI
  'llm_unavailable',
  'llm_not_configured',
  'llm_budget_exhausted',
  // email channel, inbound (features/email-channel): ingest outcomes (IngestResult.error, the raw-MIME
  // webhook's answers, the failure list), inbound settings
  'email_address_taken',
  'email_no_sender',
  'email_from_team_unthreaded',
  'email_own_address',
  'email_own_mail',
  'email_rejected',
  'email_ingest_failed',
  'email_ingest_attempts_exhausted',
  'email_not_failed',
  'email_not_quarantined',
  // PII redaction (features/redaction): reveal without a kept original, a second run at once
  'redaction_no_original',
  'redaction_run_active',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Codes the clients make up themselves: the request never got an answer, or the answer had no JSON error. */
export const CLIENT_ERROR_CODES = ['network_error', 'http_error'] as const;
export type ClientErrorCode = (typeof CLIENT_ERROR_CODES)[number];

/** What a client's error carries: a server code, one of its own, or `http_<status>` for a bare status. */
export type ApiErrorCode = ErrorCode | ClientErrorCode | `http_${number}`;

/** The error body of every failed request (and of a failed socket ack). */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown; requestId?: string };
}

const known = new Set<string>(ERROR_CODES);
export const isErrorCode = (code: unknown): code is ErrorCode =>
  typeof code === 'string' && known.has(code);
