/** Socket authentication on connect: the same credentials as REST, never trusted from client claims. */
import type { Socket } from 'socket.io';
import { unauthorized } from '../errors.ts';
import { sha256 } from '../lib/crypto.ts';
import { visitorClaims } from '../lib/visitor-token.ts';
import type { Actor } from '../policies/actor.ts';
import type { Services } from '../services.ts';
import { actorFromSession, resolveVisitor, SESSION_COOKIE, sessionIdleMs } from '../http/auth.ts';
import type { Credential } from './identity.ts';
import { mustEnrol, twoFactorRequired } from '../commands/two-factor.ts';
import { parseScopes } from '../policies/token-scopes.ts';

type UserActor = Extract<Actor, { kind: 'user' }>;

/** The agent behind a socket's handshake, and the credential it used (identity.ts keeps checking it). */
export async function authenticateAgentSocket(
  socket: Socket,
  services: Services,
): Promise<{ actor: UserActor; credential: Credential }> {
  const db = services.database.db;
  const token =
    typeof socket.handshake.auth?.token === 'string' ? socket.handshake.auth.token : null;
  if (token) {
    const row = await db
      .selectFrom('api_tokens')
      .innerJoin('users', 'users.id', 'api_tokens.user_id')
      .select([
        'users.id',
        'users.account_id',
        'users.role',
        'users.disabled_at',
        'api_tokens.id as tokenId',
        'api_tokens.scopes',
        'api_tokens.expires_at',
      ])
      .where('api_tokens.token_hash', '=', sha256(token))
      .where('api_tokens.revoked_at', 'is', null)
      .executeTakeFirst();
    if (!row || row.disabled_at) throw unauthorized();
    if (row.expires_at !== null && Number(row.expires_at) <= services.clock.now())
      throw unauthorized('The API token has expired.');
    const scopes = parseScopes(row.scopes);
    return {
      actor: { kind: 'user', userId: row.id, accountId: row.account_id, role: row.role },
      credential: { kind: 'token', id: row.tokenId, userId: row.id, role: row.role, scopes },
    };
  }
  const cookies = parseCookieHeader(socket.handshake.headers.cookie ?? '');
  const session = cookies[SESSION_COOKIE];
  if (!session) throw unauthorized();
  if (!sameOrigin(socket)) throw unauthorized('Cross-site socket connections are not allowed.');
  const found = await actorFromSession(db, session, services.clock.now(), sessionIdleMs(services));
  if (!found || found.actor.kind !== 'user') throw unauthorized();
  const actor = found.actor;
  if (await mustEnrol(db, actor)) throw twoFactorRequired();
  return {
    actor,
    credential: { kind: 'session', id: found.sessionId, userId: actor.userId, role: actor.role },
  };
}

/** Cookie-authenticated sockets must come from our own pages (cross-site WebSocket hijacking). */
function sameOrigin(socket: Socket): boolean {
  const origin = socket.handshake.headers.origin;
  if (!origin) return true;
  try {
    return new URL(origin).host === socket.handshake.headers.host;
  } catch {
    return false;
  }
}

export async function authenticateVisitorSocket(
  socket: Socket,
  services: Services,
): Promise<Actor> {
  const token = socket.handshake.auth?.token;
  const claims = typeof token === 'string' ? visitorClaims(services, token) : null;
  if (!claims) throw unauthorized();
  const actor = await resolveVisitor(services.database.db, claims);
  if (!actor) throw unauthorized();
  return actor;
}

function parseCookieHeader(header: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    const key = part.slice(0, i).trim();
    try {
      out[key] = decodeURIComponent(part.slice(i + 1).trim());
    } catch {
      /* malformed cookie ignored */
    }
  }
  return out;
}
