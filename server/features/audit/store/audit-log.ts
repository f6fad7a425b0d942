/**
 * The audit log table: appending a recorded request, and reading one account's rows, filtered,
 * newest first, keyset-paged.
 */
import { sql } from 'kysely';
import type { Executor } from '../../../core/db/client.ts';
import { newId } from '../../../core/lib/ids.ts';
import type { Actor } from '../../../core/policies/actor.ts';
import { targetTypeOf } from '../domain/actions.ts';
import type { AuditLogTable } from '../tables.ts';

export interface AuditFilter {
  accountId: string;
  actorId?: string;
  /** Matches actions starting with this text (`token` → token.create, token.revoke). */
  action?: string;
  /** Epoch ms, inclusive. */
  from?: number;
  /** Epoch ms, exclusive. */
  to?: number;
}

/** A position in the list: the last row's time and id. */
export interface Cursor {
  at: number;
  id: string;
}

export const encodeCursor = (c: Cursor) => `${c.at}.${c.id}`;

export function decodeCursor(s: string): Cursor | null {
  const m = /^(\d{1,16})\.([A-Za-z0-9-]{1,64})$/.exec(s);
  return m ? { at: Number(m[1]), id: m[2] } : null;
}

const likePrefix = (s: string) => `${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export async function listAudit(
  db: Executor,
  f: AuditFilter,
  limit: number,
  after?: Cursor | null,
): Promise<AuditLogTable[]> {
  let q = db.selectFrom('audit_log').selectAll().where('account_id', '=', f.accountId);
  if (f.actorId) q = q.where('actor_id', '=', f.actorId);
  if (f.action) q = q.where(sql<boolean>`action like ${likePrefix(f.action)} escape '\\'`);
  if (f.from !== undefined) q = q.where('created_at', '>=', f.from);
  if (f.to !== undefined) q = q.where('created_at', '<', f.to);
  if (after)
    q = q.where((eb) =>
      eb.or([
        eb('created_at', '<', after.at),
        eb.and([eb('created_at', '=', after.at), eb('id', '<', after.id)]),
      ]),
    );
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

export function presentAudit(r: AuditLogTable) {
  let detail: unknown = {};
  try {
    detail = JSON.parse(r.detail);
  } catch {
    /* kept as {} */
  }
  return {
    id: r.id,
    createdAt: new Date(Number(r.created_at)).toISOString(),
    actorType: r.actor_type,
    actorId: r.actor_id,
    actorLabel: r.actor_label,
    action: r.action,
    method: r.method,
    route: r.route,
    targetType: r.target_type,
    targetId: r.target_id,
    ip: r.ip,
    userAgent: r.user_agent,
    status: Number(r.status),
    detail,
  };
}
export type AuditEntry = ReturnType<typeof presentAudit>;

/** One request to record, as the recorder captured it (recorder.ts). */
export interface AuditRecord {
  action: string;
  method: string;
  route: string;
  status: number;
  actor: Extract<Actor, { kind: 'user' }> | null;
  /** Who a request without a signed-in actor is about (sign-in steps, an accepted invitation). */
  subject: { email: string } | { userId: string } | null;
  targetId: string | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string;
  detail: Record<string, unknown>;
  at: number;
}

/**
 * Appends one row: the actor is the signed-in user, or for a sign-in step the user it is for (an
 * address nobody has is not written). Rows are never updated or deleted (migration 070).
 */
export async function appendEntry(db: Executor, e: AuditRecord): Promise<void> {
  let who: { accountId: string; type: string; id: string | null; label: string | null };
  let targetId = e.targetId;
  if (e.actor) {
    const u = await db
      .selectFrom('users')
      .select('email')
      .where('id', '=', e.actor.userId)
      .executeTakeFirst();
    who = {
      accountId: e.actor.accountId,
      type: 'user',
      id: e.actor.userId,
      label: u?.email ?? null,
    };
  } else {
    const s = e.subject;
    let q = db.selectFrom('users').select(['id', 'account_id', 'email']);
    q = s && 'userId' in s ? q.where('id', '=', s.userId) : q.where('email', '=', s?.email ?? '');
    const u = await q.executeTakeFirst();
    if (!u) return; // an address nobody has: no account sees it (the app log keeps the request)
    const ok = e.status < 400;
    who = {
      accountId: u.account_id,
      type: ok ? 'user' : 'anonymous',
      id: ok ? u.id : null,
      label: u.email,
    };
    targetId = u.id;
  }
  if (/^(auth|profile|two_factor)\./.test(e.action)) targetId ??= who.id; // their own account
  await db
    .insertInto('audit_log')
    .values({
      id: newId(e.at),
      account_id: who.accountId,
      actor_type: who.type,
      actor_id: who.id,
      actor_label: who.label,
      action: e.action,
      method: e.method,
      route: e.route,
      target_type: targetTypeOf(e.action),
      target_id: targetId,
      ip: e.ip,
      user_agent: e.userAgent,
      request_id: e.requestId,
      status: e.status,
      detail: JSON.stringify(e.detail),
      created_at: e.at,
    })
    .execute();
}
