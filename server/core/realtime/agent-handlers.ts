/**
 * Agent socket events: join/leave a conversation (with collision presence), typing, resume, send.
 * Each reads only conversations the agent may see (policies/visibility.ts): others are not_found.
 * The socket itself says the agent's console is open (agent-presence.ts); joining and typing count
 * as activity.
 */
import type { Socket } from 'socket.io';
import { type ZodType, z } from 'zod';
import { execute } from '../commands/context.ts';
import { loadConversation } from '../commands/lib/conversations.ts';
import { sendMessage } from '../commands/send-message.ts';
import type { Actor } from '../policies/actor.ts';
import { can } from '../policies/can.ts';
import { presentMessage } from '../presenters/index.ts';
import { assertVisible, guardVisible, visibilityOf } from '../policies/visibility.ts';
import { eventsSince, forRole, visibleEvents } from '../queries/events.ts';
import { listMessages } from '../queries/messages.ts';
import type { Services } from '../services.ts';
import { trackAgentSocket } from './agent-presence.ts';
import type { Gateway } from './gateway.ts';
import { rooms } from './gateway.ts';
import { handle } from './handle.ts';
import { credentialOf, stillValid } from './identity.ts';
import { ClientMessageId, Id, MessageContent } from '../http/schemas.ts';
import { socketMaySend } from '../policies/token-scopes.ts';

type UserActor = Extract<Actor, { kind: 'user' }>;
const PRESENCE_TTL = 60_000;

// Schemas are built once per process, not per connection.
const ConversationRef = z.strictObject({ conversationId: Id });
const TypingSchema = z.strictObject({
  conversationId: Id,
  typing: z.boolean(),
  private: z.boolean().default(false),
});
const ResumeSchema = z.strictObject({ after: z.number().int().min(0) });
const SyncSchema = z.strictObject({ conversationId: Id, afterSeq: z.number().int().min(0) });
const SendSchema = z.strictObject({
  conversationId: Id,
  content: MessageContent,
  private: z.boolean().default(false),
  clientMessageId: ClientMessageId,
  attachmentIds: z.array(Id).max(10).default([]),
});

export function registerAgentHandlers(
  socket: Socket,
  actor: UserActor,
  services: Services,
  gateway: Gateway,
): void {
  const db = services.database.db;
  const joined = new Set<string>();
  const presenceKey = (cid: string) => `conversation:${cid}`;
  const member = `${actor.userId}:${socket.id}`;
  let agentName: string | undefined; // loaded once per socket, on the first typing event
  // Every action re-checks the credential that opened the socket (identity.ts).
  const credential = credentialOf(socket);
  const allowed = () => (credential ? stillValid(services, credential) : Promise.resolve(true));
  // a `read` token's socket receives only (policies/token-scopes.ts)
  const readOnly = !!credential?.scopes && !socketMaySend(credential.scopes);
  const presence = trackAgentSocket(socket, actor, services);
  const scopeError = { error: { code: 'insufficient_scope', message: 'This token may not send.' } };
  const on = <S extends ZodType>(
    event: string,
    schema: S,
    fn: (payload: z.infer<S>) => Promise<unknown>,
  ) => handle(socket, event, schema, fn, allowed);

  const announce = async (conversationId: string) => {
    const viewers = await services.kv.presenceList(presenceKey(conversationId));
    gateway.agents.to(rooms.conversation(conversationId)).emit('conversation.viewers', {
      conversationId,
      viewers: Object.values(viewers).map((v) => JSON.parse(v)),
    });
  };

  on('conversation:join', ConversationRef, async ({ conversationId }) => {
    if (!can(actor, 'conversation.read')) return { error: 'forbidden' };
    await assertVisible(db, actor, conversationId); // 404 for other accounts' ids and invisible ones
    await socket.join(rooms.conversation(conversationId));
    joined.add(conversationId);
    presence.touch();
    await services.kv.presenceSet(
      presenceKey(conversationId),
      member,
      JSON.stringify({ userId: actor.userId, typing: false }),
      PRESENCE_TTL,
    );
    await announce(conversationId);
    return { ok: true };
  });

  on('conversation:leave', ConversationRef, async ({ conversationId }) => {
    await socket.leave(rooms.conversation(conversationId));
    joined.delete(conversationId);
    await services.kv.presenceRemove(presenceKey(conversationId), member);
    await announce(conversationId);
    return { ok: true };
  });

  on('typing', TypingSchema, async (p) => {
    if (readOnly) return scopeError;
    if (!joined.has(p.conversationId)) return { error: 'not_joined' };
    await guardVisible(db, actor, p.conversationId);
    presence.touch();
    const c = await loadConversation(db, actor.accountId, p.conversationId);
    await services.kv.presenceSet(
      presenceKey(c.id),
      member,
      JSON.stringify({ userId: actor.userId, typing: p.typing }),
      PRESENCE_TTL,
    );
    agentName ??=
      (
        await db
          .selectFrom('users')
          .select('name')
          .where('id', '=', actor.userId)
          .executeTakeFirst()
      )?.name ?? '';
    gateway.typing({
      accountId: actor.accountId,
      conversationId: c.id,
      contactId: c.contact_id,
      from: { type: 'user', id: actor.userId, name: agentName },
      typing: p.typing,
      private: p.private,
    });
    await announce(c.id);
    return { ok: true };
  });

  on('resume', ResumeSchema, async ({ after }) => {
    const all = await eventsSince(db, actor.accountId, after, 500);
    const r = forRole(
      await visibleEvents(db, actor.accountId, await visibilityOf(db, actor), all),
      actor.role,
    );
    return {
      resync: r.resync,
      cursor: r.cursor,
      events: r.events.map((e) => ({ id: e.id, type: e.type, payload: e.payload })),
    };
  });

  on('conversation:sync', SyncSchema, async (p) => {
    await guardVisible(db, actor, p.conversationId);
    const c = await loadConversation(db, actor.accountId, p.conversationId);
    const page = await listMessages(db, {
      accountId: actor.accountId,
      conversationId: c.id,
      afterSeq: p.afterSeq,
      limit: 200,
    });
    return page.hasMore
      ? { resync: true, lastSeq: Number(c.last_seq) }
      : { messages: page.messages, lastSeq: Number(c.last_seq) };
  });

  on('message:send', SendSchema, async (p) => {
    if (readOnly) return scopeError;
    await guardVisible(db, actor, p.conversationId);
    const r = await execute(services, actor, sendMessage, p);
    return { message: presentMessage(r.message), duplicate: r.duplicate };
  });

  socket.on('disconnect', () => {
    for (const cid of joined)
      void services.kv
        .presenceRemove(presenceKey(cid), member)
        .then(() => announce(cid))
        .catch(() => {});
  });
}
