/**
 * The conversation's reply token, carried in the Reply-To plus-address (`support+<token>@shop.example`)
 * of every mail Kefu sends, so a reply threads even when a provider stripped In-Reply-To and
 * References. Unguessable without the server secret: `<conversation id as 32 hex>-<12 hex of an
 * HMAC-SHA256>`, lower case only (some relays lower-case local parts), stateless to check.
 * For the inbound half: `parseReplyToken` / `tokenOfAddress` give the conversation id or null.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const MAC_LENGTH = 12;
const TOKEN = /^([0-9a-f]{32})-([0-9a-f]{12})$/;
/** RFC 5321 4.5.3.1.1: a local part has at most 64 octets. */
const LOCAL_PART_MAX = 64;

const mac = (secret: string, hex: string) =>
  createHmac('sha256', `kefu-email-reply-token:${secret}`)
    .update(hex)
    .digest('hex')
    .slice(0, MAC_LENGTH);

const toUuid = (hex: string) =>
  `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;

export function replyToken(secret: string, conversationId: string): string {
  const hex = conversationId.replace(/-/g, '').toLowerCase();
  return `${hex}-${mac(secret, hex)}`;
}

/** The conversation id a token names, or null when it is malformed or its MAC does not match. */
export function parseReplyToken(secret: string, token: string): string | null {
  const m = TOKEN.exec(token.trim().toLowerCase());
  if (!m) return null;
  const expected = Buffer.from(mac(secret, m[1]));
  const given = Buffer.from(m[2]);
  return timingSafeEqual(expected, given) ? toUuid(m[1]) : null;
}

/** `support@shop.example` + token → `support+<token>@shop.example`; null when it would be too long. */
export function replyAddress(inboxAddress: string, token: string): string | null {
  const at = inboxAddress.lastIndexOf('@');
  if (at <= 0) return null;
  const local = `${inboxAddress.slice(0, at).split('+')[0]}+${token}`;
  return local.length > LOCAL_PART_MAX ? null : `${local}${inboxAddress.slice(at)}`;
}

/** The token of a plus-address (`support+<token>@…`), if it has one. */
export function tokenOfAddress(address: string): string | null {
  const local = address.slice(0, address.lastIndexOf('@'));
  const plus = local.indexOf('+');
  return plus >= 0 ? local.slice(plus + 1) : null;
}
