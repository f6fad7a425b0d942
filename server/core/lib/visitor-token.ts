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

/**
 * The claims of a genuine, unexpired token; null otherwise. With `at`, a token older than `maxAgeMs`
 * (or issued more than 5 minutes in the future) is refused: the widget gets a fresh token on every
 * page load (POST /widget/v1/sessions), so only abandoned or leaked tokens run out.
 */
export function verifyVisitorToken(
  secret: string,
  token: string,
  at?: { now: number; maxAgeMs: number },
): VisitorClaims | null {
  if (typeof token !== 'string' || token.length > 2048) return null;
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== 'v1') return null;
  if (!safeEqual(parts[2], hmacHex(secret, `v1.${parts[1]}`))) return null;
  try {
    const c = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    if (typeof c.a !== 'string' || typeof c.i !== 'string' || typeof c.c !== 'string') return null;
    const issuedAt = Number(c.t);
    if (at && !(issuedAt > at.now - at.maxAgeMs && issuedAt <= at.now + 5 * 60_000)) return null;
    return { accountId: c.a, inboxId: c.i, contactId: c.c, issuedAt };
  } catch {
    return null;
  }
}

/** `verifyVisitorToken` with the server's clock and VISITOR_TOKEN_DAYS. */
export function visitorClaims(
  services: { secret: string; clock: { now(): number }; config: { VISITOR_TOKEN_DAYS: number } },
  token: string,
): VisitorClaims | null {
  return verifyVisitorToken(services.secret, token, {
    now: services.clock.now(),
    maxAgeMs: services.config.VISITOR_TOKEN_DAYS * 86_400_000,
  });
}
