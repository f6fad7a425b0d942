/**
 * The token between the two steps of a sign-in with two-factor: `tf1.<claims>.<hmac>`, bound to the
 * user and to their password (a password change voids it), valid for 5 minutes. It proves the
 * password was right; only the second factor then opens a session.
 */
import { hmacHex, safeEqual } from './crypto.ts';

export const CHALLENGE_TTL_MS = 5 * 60_000;
const PREFIX = 'tf1';
const mac = (secret: string, body: string) =>
  hmacHex(secret, `kefu-2fa-challenge:${PREFIX}.${body}`);

export interface ChallengeClaims {
  userId: string;
  /** users.password_changed_at when the password was checked. */
  passwordChangedAt: number;
  expiresAt: number;
}

export function signChallenge(
  secret: string,
  user: { id: string; password_changed_at: number },
  now: number,
): string {
  const body = Buffer.from(
    JSON.stringify({ u: user.id, p: Number(user.password_changed_at), e: now + CHALLENGE_TTL_MS }),
  ).toString('base64url');
  return `${PREFIX}.${body}.${mac(secret, body)}`;
}

/** The claims of an authentic, unexpired challenge; null otherwise. */
export function verifyChallenge(
  secret: string,
  token: string,
  now: number,
): ChallengeClaims | null {
  if (typeof token !== 'string' || token.length > 1024) return null;
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== PREFIX) return null;
  if (!safeEqual(parts[2], mac(secret, parts[1]))) return null;
  try {
    const c = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    if (typeof c.u !== 'string' || typeof c.p !== 'number' || typeof c.e !== 'number') return null;
    if (c.e <= now) return null;
    return { userId: c.u, passwordChangedAt: c.p, expiresAt: c.e };
  } catch {
    return null;
  }
}
