/**
 * Which conversations a user may see: the one rule, used by every read (REST lists, counts, reads,
 * search, contact pages, attachments, resume) and by the agent socket (join, sync, send, rooms).
 *
 * An account may restrict agents to their membership (accounts.settings `restrictAgentsToMembership`,
 * default off). Then a user with role `agent` sees a conversation only when its inbox is one of their
 * inboxes (inbox_members), or it is assigned to one of their teams (team_members), or it is assigned
 * to them. Supervisors, admins and owners see everything, as do agents of accounts without it.
 * An invisible conversation behaves like an unknown id: 404, never 403 (no existence leak).
 */
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { Executor } from '../db/client.ts';
import { notFound } from '../errors.ts';
import type { Actor } from './actor.ts';

/** What a user may see: everything, or the conversations of their inboxes, teams and assignments. */
export type Visibility =
  | { restricted: false }
  | {
      restricted: true;
      userId: string;
      inboxIds: readonly string[];
      teamIds: readonly string[];
    };

export const SEES_ALL: Visibility = Object.freeze({ restricted: false });

/** The facts of a conversation the rule reads (row or presented shape). */
export interface ConversationFacts {
  inboxId: string;
  teamId: string | null;
  assigneeId: string | null;
}

/** The account setting, from the stored `accounts.settings` JSON (unreadable: off). */
export function restrictsAgents(settingsJson: string | null | undefined): boolean {
  if (!settingsJson) return false;
  try {
    return JSON.parse(settingsJson)?.restrictAgentsToMembership === true;
  } catch {
    return false;
  }
}

/** The pure rule. */
export function maySee(v: Visibility, c: ConversationFacts): boolean {
  if (!v.restricted) return true;
  return (
    c.assigneeId === v.userId ||
    v.inboxIds.includes(c.inboxId) ||
    (c.teamId != null && v.teamIds.includes(c.teamId))
  );
}

/** The rule as SQL over a conversations table (or alias), for `.where(...)`. */
export function visibleWhere(v: Visibility, table = 'conversations') {
  // any: the table may be aliased (`conversations as c`)
  return (eb: ExpressionBuilder<any, any>): Expression<SqlBool> => {
    if (!v.restricted) return sql<SqlBool>`1 = 1`;
    const ors: Expression<SqlBool>[] = [eb(eb.ref(`${table}.assignee_id`), '=', v.userId)];
    if (v.inboxIds.length) ors.push(eb(eb.ref(`${table}.inbox_id`), 'in', [...v.inboxIds]));
    if (v.teamIds.length) ors.push(eb(eb.ref(`${table}.team_id`), 'in', [...v.teamIds]));
    return eb.or(ors);
  };
}

/**
 * The actor's visibility: reads nothing for supervisors and up, visitors and the system; for an agent,
 * the account setting and (when on) their inbox and team memberships.
 */
export async function visibilityOf(db: Executor, actor: Actor): Promise<Visibility> {
  if (actor.kind !== 'user' || actor.role !== 'agent') return SEES_ALL;
  const account = await db
    .selectFrom('accounts')
    .select('settings')
    .where('id', '=', actor.accountId)
    .executeTakeFirst();
  if (!restrictsAgents(account?.settings)) return SEES_ALL;
  const inboxes = await db
    .selectFrom('inbox_members')
    .select('inbox_id')
    .where('account_id', '=', actor.accountId)
    .where('user_id', '=', actor.userId)
    .execute();
  const teams = await db
    .selectFrom('team_members')
    .select('team_id')
    .where('account_id', '=', actor.accountId)
    .where('user_id', '=', actor.userId)
    .execute();
  return {
    restricted: true,
    userId: actor.userId,
    inboxIds: inboxes.map((r) => r.inbox_id),
    teamIds: teams.map((r) => r.team_id),
  };
}

/** 404 unless the conversation exists in the actor's account and the actor may see it. */
export async function assertVisible(
  db: Executor,
  actor: Actor,
  conversationId: string,
  v?: Visibility,
): Promise<void> {
  const scope = v ?? (await visibilityOf(db, actor));
  const row = await db
    .selectFrom('conversations')
    .select('id')
    .where('account_id', '=', actor.accountId)
    .where('id', '=', conversationId)
    .where(visibleWhere(scope))
    .executeTakeFirst();
  if (!row) throw notFound('conversation');
}

/**
 * `assertVisible` for callers that read the conversation themselves (an unknown id is 404 there):
 * nothing more is read when the actor sees everything.
 */
export async function guardVisible(
  db: Executor,
  actor: Actor,
  conversationId: string,
): Promise<void> {
  const v = await visibilityOf(db, actor);
  if (v.restricted) await assertVisible(db, actor, conversationId, v);
}

/** The ids among `ids` the visibility allows (one statement; all of them when unrestricted). */
export async function visibleIds(
  db: Executor,
  accountId: string,
  v: Visibility,
  ids: readonly string[],
): Promise<Set<string>> {
  const unique = [...new Set(ids)];
  if (!v.restricted || !unique.length) return new Set(unique);
  const rows = await db
    .selectFrom('conversations')
    .select('id')
    .where('account_id', '=', accountId)
    .where('id', 'in', unique)
    .where(visibleWhere(v))
    .execute();
  return new Set(rows.map((r) => r.id));
}

/**
 * Whether a restricted user gets an event that is not about a conversation: only their own user's
 * (e.g. `user.availability_changed` of themselves). The live path sends the same ones to their user
 * room (processors/broadcast-realtime.processor.ts).
 */
export function unscopedEventFor(payload: unknown, userId: string): boolean {
  return ownerOf(payload) === userId;
}

/** The user an event without a conversation is about (`payload.userId`), if any. */
export function ownerOf(payload: unknown): string | null {
  const id = (payload as { userId?: unknown } | null)?.userId;
  return typeof id === 'string' ? id : null;
}

/**
 * Events for the account's owners and admins only (`payload.audience: 'admins'`, e.g. a sign-in
 * lock): sent to the admins' room live, left out of other roles' resumes.
 */
export function forAdminsOnly(payload: unknown): boolean {
  return (payload as { audience?: unknown } | null)?.audience === 'admins';
}
export const isAdminRole = (role: string): boolean => role === 'owner' || role === 'admin';
