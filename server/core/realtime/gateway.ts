/**
 * Socket.IO gateway. Namespaces: /agent (session cookie or API token; rooms per account, user and
 * conversation, or per inbox and team for agents restricted to their membership: audience.ts) and
 * /visitor (signed visitor token; its own conversation only). It authenticates on connect, checks
 * the policy on every subscription, and emits what the broadcast processor hands it.
 */
import type { Server as HttpServer } from 'node:http';
import { Server, type Namespace, type Socket } from 'socket.io';
import type { Actor } from '../policies/actor.ts';
import type { Services, TypingSignal } from '../services.ts';
import { metrics } from '../infra/metrics.ts';
import { authenticateAgentSocket, authenticateVisitorSocket } from './socket-auth.ts';
import { registerAgentHandlers } from './agent-handlers.ts';
import { agentRooms } from './audience.ts';
import { type Visibility, visibilityOf } from '../policies/visibility.ts';
import {
  type Credential,
  credentialRooms,
  endIdentity,
  type IdentityTarget,
  startIdentitySweep,
} from './identity.ts';
import { onPubSubRestored, type SubscriberConnection } from './pubsub-recovery.ts';

export const rooms = {
  account: (id: string) => `account:${id}`,
  user: (id: string) => `user:${id}`,
  conversation: (id: string) => `conversation:${id}`,
  contact: (id: string) => `contact:${id}`,
  /** Events of an inbox's conversations, for agents restricted to their membership (audience.ts). */
  inbox: (id: string) => `inbox:${id}`,
  /** Events of conversations assigned to a team, likewise. */
  team: (id: string) => `team:${id}`,
  /** An account's owners and admins: events only they get (policies/visibility.ts forAdminsOnly). */
  admins: (accountId: string) => `admins:${accountId}`,
};

export interface Gateway {
  io: Server;
  agents: Namespace;
  visitors: Namespace;
  typing(signal: TypingSignal): void;
  /** Disconnects the agent sockets of a revoked credential or user, on every node (identity.ts). */
  endIdentity(target: IdentityTarget): void;
  /**
   * Tells the sockets of this node that they may have missed events: agents get `resync` and resume
   * from their last event id, visitors get `resync` and sync by seq.
   */
  resyncLocal(reason: string): void;
  close(): Promise<void>;
}

export interface GatewayOptions {
  adapter?: Parameters<Server['adapter']>[0];
  /** How often this node re-checks the credentials of its agent sockets (default 30 s). */
  identitySweepMs?: number;
  /** Handlers for a connected visitor socket (the channel features register theirs; main.ts passes them). */
  onVisitor?: (
    socket: Socket,
    actor: Extract<Actor, { kind: 'contact' }>,
    gateway: Gateway,
  ) => void;
}

export function createGateway(
  http: HttpServer,
  services: Services,
  opts: GatewayOptions = {},
): Gateway {
  const io = new Server(http, {
    path: '/socket.io',
    serveClient: false,
    maxHttpBufferSize: 256 * 1024,
    pingInterval: 20_000,
    pingTimeout: 20_000,
    cors: { origin: true, credentials: false },
    connectionStateRecovery: undefined,
  });
  if (opts.adapter) io.adapter(opts.adapter);
  const agents = io.of('/agent');
  const visitors = io.of('/visitor');

  agents.use((socket, next) => {
    authenticateAgentSocket(socket, services)
      .then(async ({ actor, credential }) => {
        socket.data.actor = actor;
        socket.data.credential = credential;
        // what it may see decides its rooms (audience.ts); a change disconnects it (refreshAudience)
        socket.data.visibility = await visibilityOf(services.database.db, actor);
      })
      .then(
        () => next(),
        (err) => next(err),
      );
  });
  visitors.use((socket, next) => {
    authenticateVisitorSocket(socket, services).then(
      (actor) => {
        socket.data.actor = actor;
        next();
      },
      (err) => next(err),
    );
  });

  agents.on('connection', (socket: Socket) => {
    const actor = socket.data.actor as Extract<Actor, { kind: 'user' }>;
    track(socket, 'agent');
    dropUpgradeRequest(socket);
    void socket.join([
      ...agentRooms(actor, socket.data.visibility as Visibility),
      ...credentialRooms(socket.data.credential as Credential),
    ]);
    registerAgentHandlers(socket, actor, services, gateway);
  });
  visitors.on('connection', (socket: Socket) => {
    const actor = socket.data.actor as Extract<Actor, { kind: 'contact' }>;
    track(socket, 'visitor');
    dropUpgradeRequest(socket);
    void socket.join(rooms.contact(actor.contactId));
    opts.onVisitor?.(socket, actor, gateway);
  });

  const gateway: Gateway = {
    io,
    agents,
    visitors,
    typing(signal) {
      const payload = {
        conversationId: signal.conversationId,
        from: signal.from,
        typing: signal.typing,
      };
      agents.to(rooms.conversation(signal.conversationId)).emit('typing', payload);
      if (signal.from.type === 'user' && !signal.private)
        visitors.to(rooms.contact(signal.contactId)).emit('typing', {
          typing: signal.typing,
          from: { type: 'user', name: signal.from.name },
        });
    },
    endIdentity(target) {
      endIdentity(agents, target);
    },
    resyncLocal(reason) {
      agents.local.emit('resync', { reason });
      visitors.local.emit('resync', { reason });
    },
    async close() {
      stopWatching();
      stopSweep();
      io.disconnectSockets(true);
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
  const stopSweep = startIdentitySweep(agents, services, opts.identitySweepMs);
  // The Redis adapter's subscriber (its public `subClient`): after an outage, events other nodes
  // published meanwhile are lost, so this node's sockets are told to catch up from the database.
  const sub = (agents.adapter as { subClient?: unknown }).subClient;
  const stopWatching = isSubscriber(sub)
    ? onPubSubRestored(
        sub,
        () => {
          services.log.warn('pub/sub connection restored: connected sockets resync');
          gateway.resyncLocal('pubsub_reconnected');
        },
        (err) => services.log.warn({ err }, 'pub/sub resync check failed'),
      )
    : () => {};
  return gateway;
}

function isSubscriber(x: unknown): x is SubscriberConnection {
  return (
    !!x &&
    typeof (x as SubscriberConnection).on === 'function' &&
    typeof (x as SubscriberConnection).ping === 'function'
  );
}

/**
 * Engine.IO keeps the first HTTP request of every session (headers, parser state, stream buffers).
 * Authentication and the handshake are done by now, so let it go: a few KB per idle connection.
 * Only for WebSocket sessions: long-polling still reads it on each request.
 */
function dropUpgradeRequest(socket: Socket): void {
  const conn = socket.conn as unknown as {
    request: unknown;
    transport: { name: string };
    once(e: string, f: () => void): void;
  };
  if (conn.transport.name === 'websocket') conn.request = null;
  else
    conn.once('upgrade', () => {
      conn.request = null;
    });
}

function track(socket: Socket, namespace: string) {
  metrics.socketConnections.inc({ namespace });
  socket.on('disconnect', () => metrics.socketConnections.dec({ namespace }));
}
