/** GET /api/v1/audit (the list, paged) and GET /api/v1/audit/export (CSV): owners and admins only. */
import { z } from 'zod';
import { invalid } from '../../../core/errors.ts';
import { defineRoute } from '../../../core/http/route.ts';
import type { Actor } from '../../../core/policies/actor.ts';
import { toCsv } from '../domain/csv.ts';
import { authorizeAudit } from '../domain/policy.ts';
import {
  type AuditFilter,
  decodeCursor,
  encodeCursor,
  listAudit,
  presentAudit,
  type Cursor,
} from '../store/audit-log.ts';

/** The most rows one export holds (newest first); narrow the dates for older ones. */
export const EXPORT_LIMIT = 50_000;
const BATCH = 1_000;

const Filters = {
  actorId: z.string().min(1).max(64).optional(),
  action: z.string().trim().min(1).max(120).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
};

function filterOf(
  actor: Actor,
  q: { actorId?: string; action?: string; from?: string; to?: string },
) {
  const f: AuditFilter = { accountId: actor.accountId, actorId: q.actorId, action: q.action };
  if (q.from) f.from = Date.parse(q.from);
  if (q.to) f.to = Date.parse(q.to);
  return f;
}

/** store/audit-log.ts presentAudit: one entry of the log (the response schema of GET /api/v1/audit). */
const AuditEntry = z.object({
  id: z.string(),
  createdAt: z.string(),
  actorType: z.string(),
  actorId: z.string().nullable(),
  actorLabel: z.string().nullable(),
  action: z.string(),
  method: z.string(),
  route: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  status: z.number(),
  detail: z.unknown(),
});

const badCursor = () =>
  invalid([{ path: 'query.cursor', message: 'Unknown cursor', code: 'invalid_cursor' }]);

export const auditRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/audit',
    auth: 'user',
    summary: 'The audit log of the account, newest first (owners and admins)',
    tags: ['audit'],
    response: z.object({ data: z.array(AuditEntry), nextCursor: z.string().nullable() }),
    query: z.strictObject({
      ...Filters,
      limit: z.coerce.number().int().min(1).max(200).default(50),
      cursor: z.string().max(100).optional(),
    }),
    handler: async ({ actor, query, services }) => {
      authorizeAudit(actor, 'audit.read');
      const after = query.cursor ? decodeCursor(query.cursor) : null;
      if (query.cursor && !after) throw badCursor();
      const rows = await listAudit(
        services.database.db,
        filterOf(actor, query),
        query.limit + 1,
        after,
      );
      const page = rows.slice(0, query.limit);
      const last = page[page.length - 1];
      return {
        data: page.map(presentAudit),
        nextCursor:
          rows.length > query.limit && last
            ? encodeCursor({ at: Number(last.created_at), id: last.id })
            : null,
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/audit/export',
    auth: 'user',
    summary: 'The audit log as CSV, same filters as the list (owners and admins; itself audited)',
    tags: ['audit'],
    produces: ['text/csv'],
    query: z.strictObject({ ...Filters, format: z.enum(['csv']).default('csv') }),
    handler: async ({ actor, query, reply, services }) => {
      authorizeAudit(actor, 'audit.read');
      const filter = filterOf(actor, query);
      const rows = [];
      let after: Cursor | null = null;
      while (rows.length <= EXPORT_LIMIT) {
        const want = Math.min(BATCH, EXPORT_LIMIT + 1 - rows.length);
        const batch = await listAudit(services.database.db, filter, want, after);
        rows.push(...batch);
        const last = batch[batch.length - 1];
        if (batch.length < want || !last) break;
        after = { at: Number(last.created_at), id: last.id };
      }
      const truncated = rows.length > EXPORT_LIMIT;
      reply
        .header('content-disposition', 'attachment; filename="audit-log.csv"')
        .header('cache-control', 'no-store')
        .header('x-kefu-truncated', String(truncated));
      return reply
        .type('text/csv; charset=utf-8')
        .send(toCsv(rows.slice(0, EXPORT_LIMIT).map(presentAudit)));
    },
  }),
];
