/** Reading the audit log: one account's rows, filtered, newest first, keyset-paged. */
import { sql } from 'kysely';
import type { Executor } from '../../core/db/client.ts';
import type { AuditLogTable } from './tables.ts';

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
