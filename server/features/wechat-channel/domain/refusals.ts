/**
 * Why a reply cannot reach a WeChat user: stable codes (shared/errors.ts) with their words in both
 * languages (strings.ts), from our own window model or from the platform's errcode.
 */
import { AppError } from '../../../core/errors.ts';
import { bothLanguages } from '../strings.ts';
import type { Refusal } from './window.ts';

export const TEXT_LIMIT_BYTES = 2048;

export type DeliveryCode =
  | 'wechat_reply_window_closed'
  | 'wechat_reply_limit_reached'
  | 'wechat_user_unsubscribed'
  | 'wechat_unsupported_media'
  | 'wechat_text_too_long'
  | 'wechat_not_configured'
  | 'wechat_send_failed';

export const codeOfRefusal = (r: Refusal): DeliveryCode =>
  r === 'window_used_up' ? 'wechat_reply_limit_reached' : 'wechat_reply_window_closed';

/** The platform's errcode as one of ours; null for errors worth retrying. */
export function codeOfErrcode(errcode: number): DeliveryCode {
  if (errcode === 45015) return 'wechat_reply_window_closed';
  if (errcode === 45047) return 'wechat_reply_limit_reached';
  if (errcode === 43004) return 'wechat_user_unsubscribed';
  if (errcode === 45002) return 'wechat_text_too_long';
  return 'wechat_send_failed';
}

/** Codes after which the platform takes nothing more until the user writes again. */
export const SHUTS_WINDOW: ReadonlySet<DeliveryCode> = new Set([
  'wechat_reply_window_closed',
  'wechat_reply_limit_reached',
  'wechat_user_unsubscribed',
]);

export interface Explained {
  code: DeliveryCode;
  messages: Record<'zh-CN' | 'en', string>;
}

export function explain(
  code: DeliveryCode,
  vars: { errcode?: number; errmsg?: string; quota?: number } = {},
): Explained {
  return {
    code,
    messages: bothLanguages(`wechat.error.${code}`, {
      limit: TEXT_LIMIT_BYTES,
      quota: vars.quota ?? 5,
      errcode: vars.errcode ?? 0,
      errmsg: vars.errmsg || '—',
    }),
  };
}

/** The refusal as an error (409), with the words and what else may reach the customer. */
export function refusalError(e: Explained, extra: Record<string, unknown>): AppError {
  return new AppError(e.code, e.code === 'wechat_not_configured' ? 400 : 409, e.messages.en, {
    messages: e.messages,
    ...extra,
  });
}
