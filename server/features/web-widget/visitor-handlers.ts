/** Visitor socket events: send (acked after durable commit), typing, read receipts, sync by seq. */
import type { Socket } from 'socket.io';
import { z } from 'zod';
import { execute } from '../../core/commands/context.ts';
import { markRead } from '../../core/commands/mark-read.ts';
import { receiveMessage } from '../../core/commands/receive-message.ts';
import { rateLimited } from '../../core/errors.ts';
import { ClientMessageId, Id, MessageContent } from '../../core/http/schemas.ts';
import type { Actor } from '../../core/policies/actor.ts';
import { presentMessage } from '../../core/presenters/index.ts';
import { currentConversation } from '../../core/queries/conversations.ts';
import { attachmentsOf, listMessages } from '../../core/queries/messages.ts';
import type { Services } from '../../core/services.ts';
import type { Gateway } from '../../core/realtime/gateway.ts';
import { handle } from '../../core/realtime/handle.ts';
import { visitorConversation } from './domain/visitor.ts';

type ContactActor = Extract<Actor, { kind: 'contact' }>;

// Schemas are built once per process, not per connection (each zod schema is a sizeable object graph).
const SendSchema = z
  .strictObject({
    content: MessageContent,
    clientMessageId: ClientMessageId,
    attachmentIds: z.array(Id).max(10).default([]),
  })
  .refine((b) => b.content.trim().length > 0 || b.attachmentIds.length > 0, {
    message: 'content or attachments are required',
  });
const TypingSchema = z.strictObject({ typing: z.boolean() });
const ReadSchema = z.strictObject({ seq: z.number().int().min(0) });
const SyncSchema = z.strictObject({ afterSeq: z.number().int().min(0) });

export function registerVisitorHandlers(
  socket: Socket,
  actor: ContactActor,
  services: Services,
  gateway: Gateway,
): void {
  const db = services.database.db;

  handle(socket, 'message:send', SendSchema, async (p) => {
    const rl = await services.kv.hit(
      `widget-message:c:${actor.contactId}`,
      services.config.RATE_LIMIT_MESSAGES_PER_MIN,
      60_000,
    );
    if (!rl.allowed) throw rateLimited(rl.retryAfterSeconds);
    // This socket gets its message in the ack: the broadcast skips it (the visitor's other tabs still get it).
    const r = await execute(
      services,
      actor,
      receiveMessage,
      { inboxId: actor.inboxId, contactId: actor.contactId, ...p },
      { originSocketId: socket.id },
    );
    // The ack is this socket's only copy of the message: it carries the attachments too.
    const attachments =
      p.attachmentIds.length || r.duplicate ? await attachmentsOf(db, [r.message.id]) : [];
    return {
      message: presentMessage(r.message, attachments),
      conversation: visitorConversation(r.conversation),
      duplicate: r.duplicate,
    };
  });

  handle(socket, 'typing', TypingSchema, async ({ typing }) => {
    const c = await currentConversation(db, actor);
    if (c)
      gateway.typing({
        accountId: actor.accountId,
        conversationId: c.id,
        contactId: actor.contactId,
        from: { type: 'contact', id: actor.contactId },
        typing,
      });
    return { ok: true };
  });

  handle(socket, 'read', ReadSchema, async ({ seq }) => {
    const c = await currentConversation(db, actor);
    if (!c) return { ok: true };
    return execute(services, actor, markRead, { conversationId: c.id, seq });
  });

  handle(socket, 'sync', SyncSchema, async ({ afterSeq }) => {
    const c = await currentConversation(db, actor);
    if (!c) return { messages: [], conversation: null };
    const page = await listMessages(db, {
      accountId: actor.accountId,
      conversationId: c.id,
      afterSeq,
      limit: 200,
      visitorView: true,
    });
    return page.hasMore
      ? { resync: true, conversation: visitorConversation(c) }
      : { messages: page.messages, conversation: visitorConversation(c) };
  });
}
