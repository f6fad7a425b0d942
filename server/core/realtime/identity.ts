/**
 * A live agent socket is only as good as the credential that opened it. Three layers keep it so:
 *  1. Push: every revocation (logout, logout everywhere, password change, token revoke, user disabled
 *     or role changed) calls `Signals.endIdentity`, which disconnects the matching sockets on every
 *     node (socket.io rooms per credential; the Redis adapter carries the request to other nodes).
 *  2. Every socket action re-checks the credential first (`stillValid`): a socket missed by (1)
 *     cannot send, join or resume.
 *  3. A sweep re-checks this node's sockets every `sweepMs` (expired sessions, changes made outside
 *     the API, e.g. in the database or by the CLI) and disconnects the ones no longer valid.
 */
import type { Namespace, Socket } from 'socket.io';
import type { Role } from '../db/types.ts';
import type { TokenScope } from '../policies/token-scopes.ts';
import type { Services } from '../services.ts';
import { rooms } from './gateway.ts';

/** What opened an agent socket: a session (cookie) or a personal API token. */
export interface Credential {
  kind: 'session' | 'token';
  /** sessions.id (the token's hash) or api_tokens.id */
  id: string;
  userId: string;
  role: Role;
  /** A token's scopes (policies/token-scopes.ts); a `read`-only token's socket receives but does not send. */
  scopes?: TokenScope[];
}

/** Which sockets to end: one credential, or a user's (all, or only those opened by a session). */
export type IdentityTarget =
  | { sessionId: string }
  | { tokenId: string }
  | { userId: string; only?: 'sessions' };

export const identityRooms = {
  session: (id: string) => `session:${id}`,
  token: (id: string) => `token:${id}`,
  userSessions: (userId: string) => `user-sessions:${userId}`,
};

/** The rooms a socket opened with `cred` joins, so that `endIdentity` can find it. */
export function credentialRooms(cred: Credential): string[] {
  return cred.kind === 'session'
    ? [identityRooms.session(cred.id), identityRooms.userSessions(cred.userId)]
    : [identityRooms.token(cred.id)];
}

export function targetRoom(t: IdentityTarget): string {
  if ('sessionId' in t) return identityRooms.session(t.sessionId);
  if ('tokenId' in t) return identityRooms.token(t.tokenId);
  return t.only === 'sessions' ? identityRooms.userSessions(t.userId) : rooms.user(t.userId);
}

/** Disconnects the target's agent sockets on every node. */
export function endIdentity(agents: Namespace, target: IdentityTarget): void {
  agents.in(targetRoom(target)).disconnectSockets(true);
}

/** Whether the credential still opens a socket with the same user and role. */
export async function stillValid(services: Services, cred: Credential): Promise<boolean> {
  const db = services.database.db;
  const user =
    cred.kind === 'session'
      ? await db
          .selectFrom('sessions')
          .innerJoin('users', 'users.id', 'sessions.user_id')
          .select(['users.id', 'users.role', 'users.disabled_at', 'sessions.expires_at as until'])
          .where('sessions.id', '=', cred.id)
          .executeTakeFirst()
      : await db
          .selectFrom('api_tokens')
          .innerJoin('users', 'users.id', 'api_tokens.user_id')
          .select(['users.id', 'users.role', 'users.disabled_at', 'api_tokens.expires_at as until'])
          .where('api_tokens.id', '=', cred.id)
          .where('api_tokens.revoked_at', 'is', null)
          .executeTakeFirst();
  if (!user || user.disabled_at || user.id !== cred.userId || user.role !== cred.role) return false;
  if (user.until !== null && Number(user.until) <= services.clock.now()) return false;
  return true;
}

export const credentialOf = (socket: Socket): Credential | undefined =>
  socket.data.credential as Credential | undefined;

/** Re-checks every agent socket of this node on an interval; returns the stop function. */
export function startIdentitySweep(
  agents: Namespace,
  services: Services,
  sweepMs = 30_000,
): () => void {
  let running = false;
  const sweep = async () => {
    if (running) return;
    running = true;
    try {
      const verdicts = new Map<string, Promise<boolean>>();
      for (const socket of agents.sockets.values()) {
        const cred = credentialOf(socket);
        if (!cred) continue;
        const key = `${cred.kind}:${cred.id}:${cred.role}`;
        let v = verdicts.get(key);
        if (!v) {
          v = stillValid(services, cred).catch(() => true); // a database hiccup keeps sockets
          verdicts.set(key, v);
        }
        if (!(await v)) socket.disconnect(true);
      }
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void sweep(), sweepMs);
  timer.unref();
  return () => clearInterval(timer);
}
