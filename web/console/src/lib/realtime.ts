/**
 * The agent socket (/agent namespace): one connection per tab. Every account event arrives as
 * `event` {id, type, payload}; ids are the resume cursor. After a reconnect (network loss, server
 * restart) the client re-joins its conversation rooms and asks `resume {after: lastId}`; replayed
 * events already applied are skipped by id. When the server answers `resync`, listeners get a
 * synthetic `{type: 'resync'}` event and refetch what they show. The server also pushes `resync`
 * to a connected socket that may have missed live events (its node's Redis pub/sub connection was
 * down): the client then resumes from its last id exactly as after a reconnect.
 */
import { useEffect, useRef, useSyncExternalStore } from 'react';
import { io, type Socket } from 'socket.io-client';
import { api } from './api.ts';

export interface AgentEvent {
  id: number;
  type: string;
  payload: any;
}
export type RealtimeStatus = 'connecting' | 'online' | 'reconnecting';

const FAR_FUTURE_ID = 2_000_000_000; // resume from here answers {resync, cursor: newest id}

class RealtimeClient {
  private socket: Socket | null = null;
  private lastId = 0;
  private seen = new Set<number>();
  private seenOrder: number[] = [];
  private joined = new Map<string, number>(); // conversationId → refcount
  private handlers = new Set<(e: AgentEvent) => void>();
  private statusListeners = new Set<() => void>();
  private everConnected = false;
  status: RealtimeStatus = 'connecting';

  start(): void {
    if (this.socket) return;
    const socket = io('/agent', {
      path: '/socket.io',
      transports: ['websocket'],
      withCredentials: true,
      reconnectionDelay: 300,
      reconnectionDelayMax: 3000,
    });
    this.socket = socket;
    socket.on('connect', () => {
      void this.onConnect();
    });
    socket.on('disconnect', (reason: string) => {
      this.setStatus('reconnecting');
      // The server ends a socket whose session, token, role or user changed: a REST call tells which
      // (401 sends the user to the login page); otherwise reconnect with the current cookie and role.
      if (reason === 'io server disconnect')
        api('GET', '/api/v1/me').then(
          () => {
            if (this.socket === socket && !socket.connected) socket.connect();
          },
          () => {},
        );
    });
    socket.on('connect_error', (err: Error) => {
      this.setStatus('reconnecting');
      // an expired or revoked session: a REST call answers 401, which sends the user to the login page
      if (/authenticat|unauthori[sz]ed|session/i.test(err.message))
        api('GET', '/api/v1/me').catch(() => {});
    });
    socket.on('event', (e: AgentEvent) => this.apply(e));
    // spread over a second: every socket of the node receives it at once
    socket.on('resync', () => {
      setTimeout(() => {
        if (socket.connected) void this.resume(true);
      }, Math.random() * 1000);
    });
    window.addEventListener('offline', this.onOffline);
    window.addEventListener('online', this.onOnline);
  }

  stop(): void {
    window.removeEventListener('offline', this.onOffline);
    window.removeEventListener('online', this.onOnline);
    this.socket?.disconnect();
    this.socket = null;
    this.everConnected = false;
    this.lastId = 0;
    this.seen.clear();
    this.seenOrder = [];
    this.setStatus('connecting');
  }

  private onOffline = () => {
    this.socket?.disconnect();
    this.setStatus('reconnecting');
  };
  private onOnline = () => {
    if (this.socket && !this.socket.connected) this.socket.connect();
  };

  private async onConnect(): Promise<void> {
    const reconnect = this.everConnected;
    this.everConnected = true;
    for (const id of this.joined.keys())
      void this.emit('conversation:join', { conversationId: id });
    await this.resume(reconnect);
    this.setStatus('online');
  }

  /** Replays what was missed since the last event id, or tells the views to refetch (first connect, too far behind). */
  private async resume(reconnect: boolean): Promise<void> {
    const r = await this.emit<{ resync?: boolean; cursor?: number; events?: AgentEvent[] }>(
      'resume',
      { after: reconnect && this.lastId ? this.lastId : FAR_FUTURE_ID },
    );
    if (reconnect && r && !r.resync && this.lastId) for (const e of r.events ?? []) this.apply(e);
    // first connect (events before it were not seen) or too far behind: views refetch what they show
    else this.dispatch({ id: 0, type: 'resync', payload: {} });
    if (
      r &&
      typeof r.cursor === 'number' &&
      r.cursor > this.lastId &&
      (!reconnect || r.resync || !this.lastId)
    )
      this.lastId = r.cursor;
  }

  private apply(e: AgentEvent): void {
    if (this.seen.has(e.id)) return;
    this.seen.add(e.id);
    this.seenOrder.push(e.id);
    if (this.seenOrder.length > 5000) this.seen.delete(this.seenOrder.shift()!);
    if (e.id > this.lastId) this.lastId = e.id;
    this.dispatch(e);
  }

  private dispatch(e: AgentEvent): void {
    for (const h of [...this.handlers]) {
      try {
        h(e);
      } catch (err) {
        console.error(err);
      }
    }
  }

  private setStatus(s: RealtimeStatus): void {
    if (this.status === s) return;
    this.status = s;
    this.statusListeners.forEach((l) => l());
  }

  /** Emits with an ack; resolves undefined when offline or after a timeout. */
  emit<T = any>(event: string, payload: unknown, timeoutMs = 8000): Promise<T | undefined> {
    const s = this.socket;
    if (!s || !s.connected) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      s.timeout(timeoutMs).emit(event, payload, (err: unknown, res: T) =>
        resolve(err ? undefined : res),
      );
    });
  }

  /** Raw socket signals: 'typing', 'conversation.viewers'. */
  on(event: string, fn: (payload: any) => void): () => void {
    this.start();
    this.socket!.on(event, fn);
    return () => {
      this.socket?.off(event, fn);
    };
  }

  onEvent(fn: (e: AgentEvent) => void): () => void {
    this.handlers.add(fn);
    return () => {
      this.handlers.delete(fn);
    };
  }
  onStatus(fn: () => void): () => void {
    this.statusListeners.add(fn);
    return () => {
      this.statusListeners.delete(fn);
    };
  }

  join(conversationId: string): () => void {
    const n = this.joined.get(conversationId) ?? 0;
    this.joined.set(conversationId, n + 1);
    if (n === 0) void this.emit('conversation:join', { conversationId });
    return () => {
      const m = (this.joined.get(conversationId) ?? 1) - 1;
      if (m > 0) {
        this.joined.set(conversationId, m);
        return;
      }
      this.joined.delete(conversationId);
      void this.emit('conversation:leave', { conversationId });
    };
  }

  typing(conversationId: string, typing: boolean, isPrivate: boolean): void {
    if (this.joined.has(conversationId))
      void this.emit('typing', { conversationId, typing, private: isPrivate });
  }

  get socketId(): string | undefined {
    return this.socket?.id;
  }
}

export const realtime = new RealtimeClient();

/** Subscribes to every agent event while the component is mounted (handler may change between renders). */
export function useRealtime(handler: (e: AgentEvent) => void): void {
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => realtime.onEvent((e) => ref.current(e)), []);
}

export function useRealtimeStatus(): RealtimeStatus {
  return useSyncExternalStore(
    (fn) => realtime.onStatus(fn),
    () => realtime.status,
  );
}
