/**
 * The overview report (the route's work after the permission check; the bench runs it directly):
 * the account's time zone, the range, the metrics computed in the database (./aggregate.ts), the
 * previous period and groups.
 */
import type { Database, Executor } from '../../../core/db/client.ts';
import { type MetricOptions, type Metrics, metricsOf } from '../domain/metrics.ts';
import { parseRange, previousRange, type Range } from '../domain/range.ts';
import { aggregateMetrics, type SqliteHandle } from './aggregate.ts';
import { reportReader } from './reader.ts';
import { accountTimeZone, type Filters, namesOf } from './report.ts';

export type GroupBy = 'agent' | 'team' | 'inbox' | 'channel' | 'label' | 'intent';

export interface ReportQuery extends Filters {
  from: string;
  to: string;
  businessHours: 'true' | 'false';
  fcrWindowHours: number;
}

export interface OverviewQuery extends ReportQuery {
  compare?: 'previous';
  groupBy?: GroupBy;
}

/** Time zone, range, metric options and filters of a report query (throws invalid_range). */
export async function reportScope(db: Executor, accountId: string, q: ReportQuery, now: number) {
  const timeZone = await accountTimeZone(db, accountId);
  const range = parseRange(q.from, q.to, timeZone);
  const opts: MetricOptions = {
    businessHours: q.businessHours === 'true',
    windowMs: q.fcrWindowHours * 3_600_000,
    now,
  };
  const filters: Filters = {
    inboxId: q.inboxId,
    teamId: q.teamId,
    agentId: q.agentId,
    channel: q.channel,
    label: q.label,
    intent: q.intent,
  };
  return { timeZone, range, opts, filters };
}

export const isoRange = (r: Range) => ({
  from: new Date(r.from).toISOString(),
  to: new Date(r.to).toISOString(),
});

async function metricsIn(
  db: Executor,
  accountId: string,
  range: Range,
  filters: Filters,
  opts: MetricOptions,
  sqlite?: SqliteHandle | null,
  postgres = false,
): Promise<Metrics> {
  const m = await aggregateMetrics(
    db,
    accountId,
    range,
    filters,
    opts,
    undefined,
    sqlite,
    postgres,
  );
  return m.get(null) ?? metricsOf([], opts);
}

async function groupsOf(
  db: Executor,
  accountId: string,
  range: Range,
  filters: Filters,
  by: GroupBy,
  opts: MetricOptions,
  sqlite?: SqliteHandle | null,
  postgres = false,
) {
  const byKey = await aggregateMetrics(db, accountId, range, filters, opts, by, sqlite, postgres);
  const named = by === 'agent' || by === 'team' || by === 'inbox';
  const names = named
    ? await namesOf(
        db,
        accountId,
        by,
        [...byKey.keys()].filter((k) => k !== null),
      )
    : new Map<string, string>();
  return [...byKey.entries()]
    .map(([key, metrics]) => ({
      key,
      name: key === null ? null : named ? (names.get(key) ?? null) : key,
      metrics,
    }))
    .sort((a, b) => b.metrics.conversations - a.metrics.conversations);
}

export async function overview(
  database: Pick<Database, 'db' | 'sqlite' | 'dialect'>,
  accountId: string,
  q: OverviewQuery,
  now: number,
) {
  const { db } = database;
  const sqlite = reportReader(database);
  const pg = database.dialect === 'postgres';
  const { timeZone, range, opts, filters } = await reportScope(db, accountId, q, now);
  let previous = null;
  if (q.compare === 'previous') {
    const prev = previousRange(range);
    previous = {
      range: isoRange(prev),
      metrics: await metricsIn(db, accountId, prev, filters, opts, sqlite, pg),
    };
  }
  return {
    range: isoRange(range),
    timeZone,
    businessHours: opts.businessHours,
    fcrWindowHours: q.fcrWindowHours,
    current: await metricsIn(db, accountId, range, filters, opts, sqlite, pg),
    previous,
    groups: q.groupBy
      ? await groupsOf(db, accountId, range, filters, q.groupBy, opts, sqlite, pg)
      : null,
  };
}
