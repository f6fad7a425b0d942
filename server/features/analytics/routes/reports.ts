/**
 * The report API (supervisors, admins and owners of the account; agents 403): the overview with
 * counts, medians and p90s (optionally against the previous period and grouped), the drill-down
 * to the conversations behind a number, and the CSV export with the same filters. Reads only the
 * facts tables. Definitions: docs/METRICS.md.
 */
import { defineRoute } from '../../../core/http/route.ts';
import { badInput } from '../../../core/errors.ts';
import { authorize } from '../../../core/policies/can.ts';
import type { Actor } from '../../../core/policies/actor.ts';
import type { Services } from '../../../core/services.ts';
import { keeps, type Only, presentRow, toCsv } from '../domain/drill.ts';
import { overview, type ReportQuery, reportScope } from '../store/overview.ts';
import { factRowsIn } from '../store/report.ts';
import {
  DrillQuery,
  DrillResponse,
  ExportQuery,
  OverviewQuery,
  OverviewResponse,
} from './schemas.ts';

/** The most rows one export holds (oldest first); narrow the dates for more. */
export const EXPORT_LIMIT = 100_000;

async function prepare(actor: Actor, services: Services, q: ReportQuery) {
  authorize(actor, 'supervise');
  const db = services.database.db;
  return { db, ...(await reportScope(db, actor.accountId, q, services.clock.now())) };
}

export const reportRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/reports/overview',
    auth: 'user',
    summary:
      'Overview report from the conversation facts: counts, rates, medians and p90s (docs/METRICS.md)',
    tags: ['reports'],
    query: OverviewQuery,
    response: OverviewResponse,
    handler: async ({ actor, query, services }) => {
      authorize(actor, 'supervise');
      return overview(services.database, actor.accountId, query, services.clock.now());
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/reports/conversations',
    auth: 'user',
    summary: 'The conversations behind a report number (same filters; `only` picks the metric)',
    tags: ['reports'],
    query: DrillQuery,
    response: DrillResponse,
    handler: async ({ actor, query, services }) => {
      const { db, range, opts, filters } = await prepare(actor, services, query);
      let after = decodeCursor(query.cursor);
      const data = [];
      let more = false;
      // the `only` predicates need the whole row (windows, now): filtered here, a page at a time
      for (let scanned = 0; scanned < 20; scanned++) {
        const batch = await factRowsIn(db, actor.accountId, range, filters, {
          limit: 500,
          after,
        });
        for (const f of batch) {
          after = { createdAt: f.created_at, id: f.conversation_id };
          if (!keeps(f, query.only as Only | undefined, opts)) continue;
          if (data.length === query.limit) {
            more = true;
            break;
          }
          data.push(presentRow(f, opts.businessHours));
        }
        if (more || batch.length < 500) break;
      }
      const last = data[data.length - 1];
      return {
        data,
        nextCursor:
          more && last ? encodeCursor(Date.parse(last.createdAt), last.conversationId) : null,
        businessHours: opts.businessHours,
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/reports/export.csv',
    auth: 'user',
    summary: 'The drill-down as CSV, same filters and business-hours toggle (formula-safe cells)',
    tags: ['reports'],
    produces: ['text/csv'],
    query: ExportQuery,
    handler: async ({ actor, query, reply, services }) => {
      const { db, range, opts, filters } = await prepare(actor, services, query);
      const rows = (await factRowsIn(db, actor.accountId, range, filters))
        .filter((f) => keeps(f, query.only as Only | undefined, opts))
        .sort(
          (a, b) => a.created_at - b.created_at || (a.conversation_id < b.conversation_id ? -1 : 1),
        );
      const truncated = rows.length > EXPORT_LIMIT;
      const out = rows.slice(0, EXPORT_LIMIT).map((f) => presentRow(f, opts.businessHours));
      reply
        .header('content-disposition', 'attachment; filename="kefu-report.csv"')
        .header('cache-control', 'no-store')
        .header('x-kefu-truncated', String(truncated));
      return reply.type('text/csv; charset=utf-8').send(toCsv(out, opts.businessHours));
    },
  }),
];

function encodeCursor(createdAt: number, id: string): string {
  return Buffer.from(JSON.stringify([createdAt, id])).toString('base64url');
}

function decodeCursor(c: string | undefined): { createdAt: number; id: string } | undefined {
  if (!c) return undefined;
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(c, 'base64url').toString()) as [number, string];
    if (typeof createdAt === 'number' && typeof id === 'string') return { createdAt, id };
  } catch {
    // falls through
  }
  throw badInput('invalid_cursor', 'The cursor is not valid.');
}
