/**
 * The pending sign-in between /sso/start and /sso/callback: state, nonce, PKCE verifier, account and
 * redirect URI, sealed (core/lib/secret-box.ts: unreadable and tamper-proof) in a short-lived
 * httpOnly cookie scoped to the SSO routes. Nothing is stored on the server, so any node can finish a
 * sign-in another node started. One pending sign-in per browser: a newer start replaces it.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../core/services.ts';
import { open, seal } from '../../core/lib/secret-box.ts';

export const LOGIN_COOKIE = 'kefu_sso';
const COOKIE_PATH = '/api/v1/sso/';
const PURPOSE = 'sso-login';
export const LOGIN_TTL_MS = 10 * 60_000;

export interface PendingLogin {
  accountId: string;
  state: string;
  nonce: string;
  verifier: string;
  redirectUri: string;
  expiresAt: number;
}

const random = () => randomBytes(32).toString('base64url');

/** A new pending sign-in, and the PKCE S256 challenge of its verifier. */
export function newLogin(accountId: string, redirectUri: string, now: number) {
  const login: PendingLogin = {
    accountId,
    state: random(),
    nonce: random(),
    verifier: random(),
    redirectUri,
    expiresAt: now + LOGIN_TTL_MS,
  };
  return { login, challenge: pkceChallenge(login.verifier) };
}

export const pkceChallenge = (verifier: string) =>
  createHash('sha256').update(verifier).digest('base64url');

const secure = (services: Services) =>
  services.config.COOKIE_SECURE ?? services.config.NODE_ENV === 'production';

export function setLoginCookie(reply: FastifyReply, services: Services, login: PendingLogin) {
  reply.setCookie(LOGIN_COOKIE, seal(services.secret, PURPOSE, JSON.stringify(login)), {
    httpOnly: true,
    sameSite: 'lax', // the IdP sends the browser back with a top-level GET
    path: COOKIE_PATH,
    maxAge: LOGIN_TTL_MS / 1000,
    secure: secure(services),
  });
}

export function clearLoginCookie(reply: FastifyReply) {
  reply.clearCookie(LOGIN_COOKIE, { path: COOKIE_PATH });
}

/** The pending sign-in of this browser, or null when there is none, it expired or was altered. */
export function readLoginCookie(
  req: FastifyRequest,
  services: Services,
  now: number,
): PendingLogin | null {
  const raw = req.cookies?.[LOGIN_COOKIE];
  if (!raw) return null;
  const text = open(services.secret, PURPOSE, raw);
  if (!text) return null;
  try {
    const login = JSON.parse(text) as PendingLogin;
    return typeof login.expiresAt === 'number' && login.expiresAt > now ? login : null;
  } catch {
    return null;
  }
}
