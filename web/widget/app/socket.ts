/**
 * The /visitor socket: how it connects and reconnects, and the server's events as plain callbacks.
 */
import { io, type Socket } from 'socket.io-client';
import type { Conversation, Message } from './messages.ts';
import type { QueueStatus } from './types.ts';

/** What the server tells the visitor's socket. */
export interface VisitorEvents {
  connect(): void;
  disconnect(): void;
  connectError(): void;
  message(p: { message: Message; conversation: Conversation }): void;
  messageUpdated(p: { message: Message }): void;
  conversation(c: Conversation): void;
  read(p: { seq: number }): void;
  typing(p: { typing: boolean }): void;
  queue(q: QueueStatus): void;
  /** Live messages may have been lost: sync by seq (only while connected). */
  resync(): void;
}

/** `token` is read at every (re)connect, so a renewed token is used from the next one on. */
export function openVisitorSocket(token: () => string | null, on: VisitorEvents): Socket {
  const s = io('/visitor', {
    auth: (cb) => cb({ token: token() }),
    transports: ['websocket', 'polling'],
    reconnectionDelay: 500,
    reconnectionDelayMax: 3000,
  });
  s.on('connect', () => on.connect());
  s.on('disconnect', () => on.disconnect());
  s.on('connect_error', () => on.connectError());
  s.on('message', (p: { message: Message; conversation: Conversation }) => on.message(p));
  s.on('message.updated', (p: { message: Message }) => on.messageUpdated(p));
  s.on('conversation', (c: Conversation) => on.conversation(c));
  s.on('read', (p: { seq: number }) => on.read(p));
  s.on('typing', (p: { typing: boolean }) => on.typing(p));
  s.on('queue', (q: QueueStatus) => on.queue(q));
  // The server may have dropped live messages (its Redis pub/sub connection was down): sync by seq as
  // after a reconnect, spread over a second since every visitor of that server is told at once.
  s.on('resync', () => {
    setTimeout(() => {
      if (s.connected) on.resync();
    }, Math.random() * 1000);
  });
  return s;
}
