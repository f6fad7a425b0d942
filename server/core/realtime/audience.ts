/**
 * Who hears what on the /agent namespace, by rooms (policies/visibility.ts decides who sees what).
 *
 * - A socket of a user who sees everything joins the account room and their user room. A socket of
 *   an agent restricted to their membership joins, instead of the account room, one room per inbox
 *   and per team they belong to, plus their user room: the account room carries every event.
 * - An event about a conversation goes to the account room, the conversation's inbox and team rooms
 *   and its assignee's user room (for `conversation.assigned` also the previous assignee's and team's,
 *   so they learn it left them); Socket.IO delivers it once per socket whatever the overlap. A
 *   restricted agent therefore hears exactly the conversations they may see.
 * - An event about no conversation (contacts, invitations, knowledge base, availability, …) goes to
 *   the account room, and to the user room of the user it is about (`payload.userId`, e.g. their own
 *   availability changed by auto-away): restricted agents get only those.
 * - An event for admins only (`payload.audience: 'admins'`, e.g. a sign-in lock) goes to the room
 *   that only owners' and admins' sockets join; other roles' resumes leave it out (queries/events.ts).
 * - Rooms are fixed when a socket connects. A change of what an agent may see (the account setting,
 *   inbox or team membership, their role) ends their sockets (`refreshAudience`, on every node
 *   through the Redis adapter); the console reconnects at once into the new rooms and resumes.
 */
import { findConversation } from '../commands/lib/conversations.ts';
import type { Executor } from '../db/client.ts';
import type { DomainEvent } from '../events/catalog.ts';
import type { Actor } from '../policies/actor.ts';
import {
  type ConversationFacts,
  forAdminsOnly,
  isAdminRole,
  ownerOf,
  restrictsAgents,
  type Visibility,
} from '../policies/visibility.ts';
import type { Services } from '../services.ts';
import { rooms } from './gateway.ts';

type UserActor = Extract<Actor, { kind: 'user' }>;

/** The rooms an agent socket joins (besides its credential's, identity.ts). */
export function agentRooms(actor: UserActor, v: Visibility): string[] {
  const admins = isAdminRole(actor.role) ? [rooms.admins(actor.accountId)] : [];
  if (!v.restricted) return [rooms.account(actor.accountId), rooms.user(actor.userId), ...admins];
  return [rooms.user(actor.userId), ...v.inboxIds.map(rooms.inbox), ...v.teamIds.map(rooms.team)];
}

/** The conversation facts a payload carries (`payload.conversation`, a ConversationDTO), if any. */
function factsIn(payload: unknown): ConversationFacts | null {
  const c = (payload as { conversation?: Partial<ConversationFacts> } | null)?.conversation;
  if (!c || typeof c.inboxId !== 'string') return null;
  return { inboxId: c.inboxId, teamId: c.teamId ?? null, assigneeId: c.assigneeId ?? null };
}

/**
 * The rooms of an agent event. Events whose payload lacks the conversation (SLA, alerts, analyses,
 * queue, …) cost one indexed read of it.
 */
export async function eventRooms(db: Executor, event: DomainEvent): Promise<string[]> {
  if (forAdminsOnly(event.payload)) return [rooms.admins(event.accountId)];
  const out = [rooms.account(event.accountId)];
  if (!event.conversationId) {
    const owner = ownerOf(event.payload);
    if (owner) out.push(rooms.user(owner));
    return out;
  }
  let facts = factsIn(event.payload);
  if (!facts) {
    const row = await findConversation(db, event.accountId, event.conversationId);
    if (row) facts = { inboxId: row.inbox_id, teamId: row.team_id, assigneeId: row.assignee_id };
  }
  if (facts) {
    out.push(rooms.inbox(facts.inboxId));
    if (facts.teamId) out.push(rooms.team(facts.teamId));
    if (facts.assigneeId) out.push(rooms.user(facts.assigneeId));
  }
  if (event.type === 'conversation.assigned') {
    const p = (event as DomainEvent<'conversation.assigned'>).payload;
    if (p.previousAssigneeId) out.push(rooms.user(p.previousAssigneeId));
    if (p.previousTeamId) out.push(rooms.team(p.previousTeamId));
  }
  return [...new Set(out)];
}

/**
 * What these users may see changed (membership): the agents among them, when their account restricts
 * agents, have their sockets ended on every node; they reconnect with the rooms of their new
 * visibility (the console does so by itself after a server-side disconnect).
 */
export async function refreshAudience(
  services: Services,
  accountId: string,
  userIds: readonly string[],
): Promise<void> {
  if (!userIds.length || !services.signals) return;
  const db = services.database.db;
  const account = await db
    .selectFrom('accounts')
    .select('settings')
    .where('id', '=', accountId)
    .executeTakeFirst();
  if (!restrictsAgents(account?.settings)) return;
  const agents = await db
    .selectFrom('users')
    .select('id')
    .where('account_id', '=', accountId)
    .where('role', '=', 'agent')
    .where('id', 'in', [...new Set(userIds)])
    .execute();
  endSockets(
    services,
    agents.map((u) => u.id),
  );
}

/** Ends the users' agent sockets on every node (e.g. every agent, when the setting changed). */
export function endSockets(services: Services, userIds: readonly string[]): void {
  for (const userId of new Set(userIds)) services.signals?.endIdentity({ userId });
}
