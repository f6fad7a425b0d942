/**
 * Who is calling: an agent by session cookie (+ CSRF header on unsafe methods) or personal API
 * token, or a widget visitor by signed visitor token. Unknown or revoked credentials → 401.
 */
import type { FastifyRequest } from 'fastify';
import { AppError, unauthorized } from '../errors.ts';
import { safeEqual, sha256 } from '../lib/crypto.ts';
import type { Actor } from '../policies/actor.ts';
import type { Services } from '../services.ts';
import { visitorClaims } from '../lib/visitor-token.ts';
import type { Executor } from '../db/client.ts';
import { unlessStorageFull } from '../db/storage-full.ts';
import { parseScopes, scopesAllow } from '../policies/token-scopes.ts';
import { enforceTwoFactor } from './two-factor-gate.ts';

export type AuthMode = 'none' | 'user' | 'visitor';
export const SESSION_COOKIE = 'kefu_session';
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
export const anonymous: Actor = { kind: 'system', accountId: '', name: 'anonymous' };

declare module 'fastify' {
  interface FastifyRequest {
    actor?: Actor;
    sessionId?: string;
    csrfToken?: string;
  }
}

export async function authenticate(
  req: FastifyRequest,
  services: Services,
  mode: AuthMode,
): Promise<Actor> {
  if (mode === 'none') return anonymous;
  if (mode === 'visitor') return authenticateVisitor(req, services);
  const bearer = bearerToken(req);
  if (bearer) return actorFromApiToken(services, bearer, req);
  const cookie = req.cookies?.[SESSION_COOKIE];
  if (!cookie) throw unauthorized();
  const session = await actorFromSession(
    services.database.db,
    cookie,
    services.clock.now(),
    sessionIdleMs(services),
  );
  if (!session) throw unauthorized('Your session has ended; please log in again.');
  if (!SAFE.has(req.method)) {
    const header = req.headers['x-csrf-token'];
    if (typeof header !== 'string' || !safeEqual(header, session.csrfToken)) {
      throw new AppError('csrf_failed', 403, 'The CSRF token is missing or wrong.');
    }
  }
  await enforceTwoFactor(req, services, session.actor);
  req.actor = session.actor;
  req.sessionId = session.sessionId;
  req.csrfToken = session.csrfToken;
  return session.actor;
}

export function bearerToken(req: FastifyRequest): string | null {
  const h = req.headers.authorization;
  if (typeof h !== 'string' || !h.startsWith('Bearer ')) return null;
  return h.slice(7).trim() || null;
}

/** How long a session lives without a request (SESSION_IDLE_MINUTES). */
export const sessionIdleMs = (services: Services) => services.config.SESSION_IDLE_MINUTES * 60_000;

/** The user behind a session cookie; null when unknown, expired, idle for longer than `idleMs`, or disabled. */
export async function actorFromSession(
  db: Executor,
  token: string,
  now: number,
  idleMs = Number.POSITIVE_INFINITY,
) {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.id as sid',
      'sessions.csrf_token',
      'sessions.expires_at',
      'sessions.last_seen_at',
      'users.id as uid',
      'users.account_id',
      'users.role',
      'users.disabled_at',
    ])
    .where('sessions.id', '=', sha256(token))
    .executeTakeFirst();
  if (
    !row ||
    Number(row.expires_at) <= now ||
    now - Number(row.last_seen_at) > idleMs ||
    row.disabled_at
  )
    return null;
  if (now - Number(row.last_seen_at) > 60_000) {
    await db
      .updateTable('sessions')
      .set({ last_seen_at: now })
      .where('id', '=', row.sid)
      .execute()
      .catch(unlessStorageFull); // reading works on a full disk
  }
  const actor: Actor = {
    kind: 'user',
    userId: row.uid,
    accountId: row.account_id,
    role: row.role,
    sessionId: row.sid,
  };
  return { actor, sessionId: row.sid, csrfToken: row.csrf_token };
}

async function actorFromApiToken(
  services: Services,
  token: string,
  req: FastifyRequest,
): Promise<Actor> {
  const row = await services.database.db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select([
      'api_tokens.id as tid',
      'api_tokens.last_used_at',
      'api_tokens.scopes',
      'api_tokens.expires_at',
      'users.id as uid',
      'users.account_id',
      'users.role',
      'users.disabled_at',
    ])
    .where('api_tokens.token_hash', '=', sha256(token))
    .where('api_tokens.revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row || row.disabled_at) throw unauthorized('The API token is invalid or revoked.');
  const now = services.clock.now();
  if (row.expires_at !== null && Number(row.expires_at) <= now)
    throw new AppError('token_expired', 401, 'The API token has expired.');
  if (
    !scopesAllow(
      parseScopes(row.scopes),
      req.method,
      req.routeOptions?.url ?? req.url.split('?')[0],
    )
  )
    throw new AppError('insufficient_scope', 403, "The API token's scopes do not allow this.");
  if (!row.last_used_at || now - Number(row.last_used_at) > 60_000) {
    await services.database.db
      .updateTable('api_tokens')
      .set({ last_used_at: now })
      .where('id', '=', row.tid)
      .execute()
      .catch(unlessStorageFull);
  }
  const actor: Actor = { kind: 'user', userId: row.uid, accountId: row.account_id, role: row.role };
  req.actor = actor;
  return actor;
}

async function authenticateVisitor(req: FastifyRequest, services: Services): Promise<Actor> {
  const token =
    bearerToken(req) ??
    (typeof req.headers['x-kefu-visitor'] === 'string' ? req.headers['x-kefu-visitor'] : null);
  if (!token) throw unauthorized('A visitor token is required.');
  const claims = visitorClaims(services, token);
  if (!claims) throw unauthorized('The visitor token is invalid.');
  const actor = await resolveVisitor(services.database.db, claims);
  if (!actor) throw unauthorized('The visitor token is invalid.');
  req.actor = actor;
  return actor;
}

/** A visitor's contact may have been merged into another: follow it. */
export async function resolveVisitor(
  db: Executor,
  claims: { accountId: string; inboxId: string; contactId: string },
): Promise<Actor | null> {
  let contactId = claims.contactId;
  for (let i = 0; i < 5; i++) {
    const c = await db
      .selectFrom('contacts')
      .select(['id', 'merged_into_id'])
      .where('account_id', '=', claims.accountId)
      .where('id', '=', contactId)
      .executeTakeFirst();
    if (!c) return null;
    if (!c.merged_into_id)
      return {
        kind: 'contact',
        contactId: c.id,
        accountId: claims.accountId,
        inboxId: claims.inboxId,
      };
    contactId = c.merged_into_id;
  }
  return null;
}
