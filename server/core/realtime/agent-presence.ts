/**
 * Whether an agent's console is there: one entry per open `/agent` socket in the KV (shared by every
 * node on Redis), refreshed while the socket lives and turned into a "last seen" mark when it closes.
 * A heartbeat (`markSeen`, e.g. `POST /api/v1/routing/heartbeat`) leaves the same mark. The entries
 * also carry the agent's last console activity (opening a conversation, typing), which auto-away
 * counts like a reply. Readers (the routing ticker) judge times with `services.clock`; the KV's own
 * expiry only forgets the entries of a node that died without closing its sockets.
 */
import type { Socket } from 'socket.io';
import { withTimeout } from '../infra/resilient-kv.ts';
import type { Services } from '../services.ts';

/** How often a live socket renews its entry. */
export const PRESENCE_REFRESH_MS = 20_000;
/** A live socket's entry outlives a few missed renewals (a node that died: its sockets never close). */
const OPEN_TTL_MS = 90_000;
/** A closed socket's or a heartbeat's mark is kept this long (then the database's times stand in). */
const MARK_TTL_MS = 15 * 60_000;

const setOf = (accountId: string) => `agents:${accountId}`;

interface Entry {
  userId: string;
  open: boolean;
  seenAt: number;
  activeAt: number | null;
}

/** What the KV knows of one agent: sockets open now, when a console was last seen and last used. */
export interface AgentPresence {
  sockets: number;
  seenAt: number;
  activeAt: number | null;
}

async function put(services: Services, accountId: string, member: string, e: Entry) {
  await services.kv.presenceSet(
    setOf(accountId),
    member,
    JSON.stringify(e),
    e.open ? OPEN_TTL_MS : MARK_TTL_MS,
  );
}

/**
 * Keeps an agent socket's entry: written at once, renewed every PRESENCE_REFRESH_MS, left as a
 * "last seen" mark when the socket closes. Answers `touch()`, which records console activity.
 */
export function trackAgentSocket(
  socket: Socket,
  actor: { userId: string; accountId: string },
  services: Services,
): { touch(): void } {
  const member = `${actor.userId}:${socket.id}`;
  let activeAt: number | null = null;
  let activeWritten: number | null = null;
  const write = (open: boolean) => {
    activeWritten = activeAt;
    return put(services, actor.accountId, member, {
      userId: actor.userId,
      open,
      seenAt: services.clock.now(),
      activeAt,
    }).catch((err) => services.log.warn({ err }, 'agent presence not recorded'));
  };
  void write(true);
  const timer = setInterval(() => void write(true), PRESENCE_REFRESH_MS);
  timer.unref();
  socket.on('disconnect', () => {
    clearInterval(timer);
    void write(false);
  });
  return {
    touch() {
      activeAt = services.clock.now();
      // at most one extra write per 10 s of activity: the renewal carries the rest
      if (socket.connected && (activeWritten == null || activeAt - activeWritten >= 10_000))
        void write(true);
    },
  };
}

/** A console seen now without a socket (a heartbeat). */
export async function markSeen(services: Services, accountId: string, userId: string) {
  const now = services.clock.now();
  await put(services, accountId, `${userId}:heartbeat`, {
    userId,
    open: false,
    seenAt: now,
    activeAt: now,
  });
}

/** The account's agents the KV knows of: their open sockets, the latest mark, the latest activity. */
export async function agentPresence(
  services: Services,
  accountId: string,
): Promise<Map<string, AgentPresence>> {
  const out = new Map<string, AgentPresence>();
  for (const raw of Object.values(await services.kv.presenceList(setOf(accountId)))) {
    let e: Entry;
    try {
      e = JSON.parse(raw) as Entry;
    } catch {
      continue;
    }
    if (typeof e?.userId !== 'string') continue;
    const p = out.get(e.userId) ?? { sockets: 0, seenAt: 0, activeAt: null };
    if (e.open === true) p.sockets++;
    p.seenAt = Math.max(p.seenAt, Number(e.seenAt) || 0);
    if (e.activeAt != null) p.activeAt = Math.max(p.activeAt ?? 0, Number(e.activeAt) || 0);
    out.set(e.userId, p);
  }
  return out;
}

const watching = new WeakMap<Services, number>();

/**
 * Since when this process can tell that an agent is absent: from its first check with the KV
 * answering (a fresh process has seen no socket yet: those of a restart reconnect meanwhile); an
 * outage starts the count again. Null while the KV does not answer (presence would read as empty).
 */
export async function presenceWatchedSince(services: Services): Promise<number | null> {
  try {
    await withTimeout(services.kv.ping(), 1_000, 'presence store');
  } catch {
    watching.delete(services);
    return null;
  }
  const since = watching.get(services) ?? services.clock.now();
  watching.set(services, since);
  return since;
}
