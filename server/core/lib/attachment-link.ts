/**
 * Short-lived signed download links for the widget: `/widget/v1/attachments/:id?exp=…&sig=…`, where
 * `sig` is an HMAC (SECRET_KEY) over the account, the attachment id and the expiry. The visitor's
 * long-lived token never appears in a URL (browser history, proxy and server logs, Referer); a link
 * that leaks opens one file for a few minutes. The widget asks for links with its token in a header
 * (POST /widget/v1/attachments/links) and asks again when one expires.
 */
import { hmacHex, safeEqual } from './crypto.ts';

/** How long a link works. */
export const ATTACHMENT_LINK_TTL_MS = 5 * 60_000;

export interface AttachmentLinkTarget {
  accountId: string;
  attachmentId: string;
}

const mac = (secret: string, t: AttachmentLinkTarget, exp: number) =>
  hmacHex(secret, `attachment-link.v1\n${t.accountId}\n${t.attachmentId}\n${exp}`);

/** A link valid until `now + ATTACHMENT_LINK_TTL_MS` (exp in whole seconds, rounded up). */
export function signAttachmentLink(
  secret: string,
  t: AttachmentLinkTarget,
  now: number,
): { url: string; expiresAt: number } {
  const exp = Math.ceil((now + ATTACHMENT_LINK_TTL_MS) / 1000);
  const q = new URLSearchParams({ exp: String(exp), sig: mac(secret, t, exp) });
  return {
    url: `/widget/v1/attachments/${encodeURIComponent(t.attachmentId)}?${q}`,
    expiresAt: exp * 1000,
  };
}

export type AttachmentLinkCheck = 'ok' | 'invalid_signature' | 'link_expired';

/**
 * The signature first (constant-time), then the expiry: a tampered `exp` is `invalid_signature`,
 * a genuine link past its time `link_expired`.
 */
export function checkAttachmentLink(
  secret: string,
  t: AttachmentLinkTarget,
  q: { exp?: string; sig?: string },
  now: number,
): AttachmentLinkCheck {
  if (!q.exp || !q.sig || !/^\d{1,12}$/.test(q.exp)) return 'invalid_signature';
  const exp = Number(q.exp);
  if (!safeEqual(q.sig, mac(secret, t, exp))) return 'invalid_signature';
  return exp * 1000 > now ? 'ok' : 'link_expired';
}
