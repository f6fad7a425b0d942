/**
 * Realtime is an output of events: agents of the account get every event they may see (with its id
 * as resume cursor; rooms in realtime/audience.ts); a visitor gets the public messages and status of
 * their own conversation only.
 */
import type { DomainEvent, EventType } from '../events/catalog.ts';
import type { DispatchMeta, Processor } from '../events/dispatcher.ts';
import type { Gateway } from '../realtime/gateway.ts';
import { rooms } from '../realtime/gateway.ts';
import { eventRooms } from '../realtime/audience.ts';
import type { Executor } from '../db/client.ts';

const VISITOR_VISIBLE = new Set(['incoming', 'outgoing']);

export function broadcastRealtime(gateway: Gateway, db: Executor): Processor {
  return {
    name: 'broadcast-realtime',
    mode: 'inline',
    lane: 'realtime', // never behind routing or rules work (their lane runs on its own)
    handles: '*',
    async handle(event: DomainEvent, meta?: DispatchMeta) {
      const envelope = { id: event.id, type: event.type, payload: event.payload };
      if (
        event.type === 'conversation.read' &&
        (event as DomainEvent<'conversation.read'>).payload.reader.type === 'user'
      ) {
        const p = (event as DomainEvent<'conversation.read'>).payload;
        gateway.agents.to(rooms.user(p.reader.id)).emit('event', envelope);
        toVisitor(gateway, event, meta);
      } else {
        // first, so that a failed read (retried) has emitted nothing yet; events a visitor gets
        // carry their conversation, so they never wait on a read
        const to = await eventRooms(db, event);
        gateway.agents.to(to).emit('event', envelope);
        toVisitor(gateway, event, meta);
      }
    },
  };
}

type VisitorEmit = (gateway: Gateway, e: DomainEvent, meta?: DispatchMeta) => void;

/** What a visitor sees of each event (built once, not per event). */
const VISITOR_EVENTS: Partial<Record<EventType, VisitorEmit>> = {
  'message.created': (gateway, e, meta) => {
    const { message, conversation } = (e as DomainEvent<'message.created'>).payload;
    if (!VISITOR_VISIBLE.has(message.type)) return;
    const room = gateway.visitors.to(rooms.contact(conversation.contactId));
    // The sending socket has the message in its ack already (one encode and write less per message).
    (meta?.originSocketId && message.sender.type === 'contact'
      ? room.except(meta.originSocketId)
      : room
    ).emit('message', { message, conversation: slim(conversation) });
  },
  'message.updated': (gateway, e) => {
    const { message, conversation } = (e as DomainEvent<'message.updated'>).payload;
    if (VISITOR_VISIBLE.has(message.type))
      gateway.visitors
        .to(rooms.contact(conversation.contactId))
        .emit('message.updated', { message });
  },
  'conversation.status_changed': (gateway, e) =>
    emitConversation(
      gateway,
      (e as DomainEvent<'conversation.status_changed'>).payload.conversation,
    ),
  'conversation.assigned': (gateway, e) =>
    emitConversation(gateway, (e as DomainEvent<'conversation.assigned'>).payload.conversation),
  'conversation.updated': (gateway, e) =>
    emitConversation(gateway, (e as DomainEvent<'conversation.updated'>).payload.conversation),
  'conversation.read': (gateway, e) => {
    const p = (e as DomainEvent<'conversation.read'>).payload;
    if (p.reader.type === 'user')
      gateway.visitors
        .to(rooms.contact(p.contactId))
        .emit('read', { conversationId: p.conversationId, seq: p.seq });
  },
};

function toVisitor(gateway: Gateway, event: DomainEvent, meta?: DispatchMeta): void {
  VISITOR_EVENTS[event.type]?.(gateway, event, meta);
}

function slim(c: {
  id: string;
  status: string;
  mode: string;
  lastSeq: number;
  assigneeId: string | null;
  contactId: string;
}) {
  return { id: c.id, status: c.status, mode: c.mode, lastSeq: c.lastSeq, assigned: !!c.assigneeId };
}

function emitConversation(
  gateway: Gateway,
  c: {
    id: string;
    status: string;
    mode: string;
    lastSeq: number;
    assigneeId: string | null;
    contactId: string;
  },
) {
  gateway.visitors.to(rooms.contact(c.contactId)).emit('conversation', slim(c));
}
