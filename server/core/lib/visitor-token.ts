/** Signed visitor tokens for the widget: `v1.<claims>.<hmac>`; claims are account, inbox, contact, issue time. */
import { hmacHex, safeEqual } from './crypto.ts';

export interface VisitorClaims {
  accountId: string;
  inboxId: string;
  contactId: string;
  issuedAt: number;
}

export function signVisitorToken(secret: string, claims: VisitorClaims): string {
  const body = Buffer.from(
    JSON.stringify({
      a: claims.accountId,
      i: claims.inboxId,
      c: claims.contactId,
      t: claims.issuedAt,
    }),
  ).toString('base64url');
  return `v1.${body}.${hmacHex(secret, `v1.${body}`)}`;
}

export function verifyVisitorToken(secret: string, token: string): VisitorClaims | null {
  if (typeof token !== 'string' || token.length > 2048) return null;
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== 'v1') return null;
  if (!safeEqual(parts[2], hmacHex(secret, `v1.${parts[1]}`))) return null;
  try {
    const c = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    if (typeof c.a !== 'string' || typeof c.i !== 'string' || typeof c.c !== 'string') return null;
    return { accountId: c.a, inboxId: c.i, contactId: c.c, issuedAt: Number(c.t) };
  } catch {
    return null;
  }
}
