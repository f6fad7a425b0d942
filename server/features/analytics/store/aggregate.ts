/**
 * The overview's numbers computed in the database (the report never ships whole fact rows to the
 * server): one aggregate query for the counts (sums of the same predicates as domain/metrics.ts),
 * one narrow query for the durations (medians and p90s by nearest rank, computed here). The two
 * must agree with `metricsOf`: store/aggregate.test.ts checks them on the same rows.
 */
import { type Expression, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Executor } from '../../../core/db/client.ts';
import type { Metrics, MetricOptions } from '../domain/metrics.ts';
import { type Distribution, distribution } from '../domain/percentile.ts';
import type { Range } from '../domain/range.ts';
import type { Filters } from './report.ts';

/** The part of better-sqlite3's handle used here (core/db/client.ts `Database.sqlite`). */
export interface SqliteHandle {
  prepare(sql: string): { raw(on: boolean): { all(...params: unknown[]): unknown[] } };
}

export type GroupKey = 'agent' | 'team' | 'inbox' | 'channel' | 'label' | 'intent';

const KEY_COLUMN: Record<Exclude<GroupKey, 'label'>, string> = {
  agent: 'f.assignee_id',
  team: 'f.team_id',
  inbox: 'f.inbox_id',
  channel: 'f.channel',
  intent: 'f.intent',
};

const COUNTS = [
  'conversations',
  'resolved',
  'human_resolved',
  'reopened',
  'bot_involved',
  'bot_only',
  'handed_over',
  'ai_resolved',
  'one_touch',
  'fcr_eligible',
  'fcr_achieved',
  'csat_responses',
  'csat_satisfied',
  'nps_responses',
  'nps_promoters',
  'nps_detractors',
  'sla_met',
  'sla_breached',
] as const;

function countExpressions(o: MetricOptions) {
  const W = o.windowMs;
  const now = o.now;
  const back = sql`((f.customer_after_resolve_at is not null and f.customer_after_resolve_at <= f.first_resolved_at + ${W}) or (f.first_reopen_at is not null and f.first_reopen_at <= f.first_resolved_at + ${W}))`;
  const fcrBase = sql`(f.first_resolved_at is not null and f.cycles > 0)`;
  const ai = sql`(f.bot_only = 1 and f.human_requested = 0 and f.negative_feedback = 0 and ((f.first_resolved_at is not null and (f.first_reopen_at is null or f.first_reopen_at > f.first_resolved_at + ${W})) or (f.first_resolved_at is null and f.last_customer_at is not null and f.last_customer_at + ${W} <= ${now})))`;
  const sla = (v: string) =>
    sql`(case when f.sla_first_response = ${v} then 1 else 0 end + case when f.sla_next_response = ${v} then 1 else 0 end + case when f.sla_resolution = ${v} then 1 else 0 end)`;
  const when = (cond: Expression<SqlBool> | RawBuilder<unknown>) =>
    sql`sum(case when ${cond} then 1 else 0 end)`;
  return {
    conversations: sql`count(*)`,
    resolved: when(sql`f.last_resolved_at is not null`),
    human_resolved: when(sql`f.last_resolved_at is not null and f.cycles > 0`),
    reopened: when(sql`f.reopens > 0`),
    bot_involved: when(sql`f.bot_messages > 0`),
    bot_only: when(sql`f.bot_only = 1`),
    handed_over: when(sql`f.handed_over = 1`),
    ai_resolved: when(ai),
    one_touch: when(sql`f.last_resolved_at is not null and f.cycles > 0 and f.touches < 2`),
    fcr_eligible: when(sql`${fcrBase} and (${back} or f.first_resolved_at + ${W} <= ${now})`),
    fcr_achieved: when(sql`${fcrBase} and not ${back} and f.first_resolved_at + ${W} <= ${now}`),
    csat_responses: when(sql`f.csat is not null`),
    csat_satisfied: when(sql`f.csat >= 4`),
    nps_responses: when(sql`f.nps is not null`),
    nps_promoters: when(sql`f.nps >= 9`),
    nps_detractors: when(sql`f.nps <= 6`),
    sla_met: sql`sum(${sla('met')})`,
    sla_breached: sql`sum(${sla('breached')})`,
  } as const;
}

function durationExpressions(biz: boolean) {
  const c = (cal: string, b: string) => sql.ref(`f.${biz ? b : cal}`);
  return {
    frt: c('frt_ms', 'frt_biz_ms'),
    nextReply: sql`case when f.nrt_count > 0 then ${c('nrt_sum_ms', 'nrt_sum_biz_ms')} * 1.0 / f.nrt_count end`,
    firstResolution: c('first_resolution_ms', 'first_resolution_biz_ms'),
    fullResolution: c('full_resolution_ms', 'full_resolution_biz_ms'),
    requesterWait: sql`case when f.cycles > 0 then ${c('requester_wait_ms', 'requester_wait_biz_ms')} end`,
    timeToHuman: c('time_to_human_ms', 'time_to_human_biz_ms'),
    handling: c('handling_ms', 'handling_biz_ms'),
  } as const;
}
type DurationKey = keyof ReturnType<typeof durationExpressions>;
const DURATION_KEYS: DurationKey[] = [
  'frt',
  'nextReply',
  'firstResolution',
  'fullResolution',
  'requesterWait',
  'timeToHuman',
  'handling',
];

function base(db: Executor, accountId: string, range: Range, filters: Filters, by?: GroupKey) {
  let q = db
    .selectFrom('conversation_facts as f')
    .where('f.account_id', '=', accountId)
    .where('f.created_at', '>=', range.from)
    .where('f.created_at', '<', range.to);
  if (filters.inboxId) q = q.where('f.inbox_id', '=', filters.inboxId);
  if (filters.teamId) q = q.where('f.team_id', '=', filters.teamId);
  if (filters.agentId) q = q.where('f.assignee_id', '=', filters.agentId);
  if (filters.channel) q = q.where('f.channel', '=', filters.channel);
  if (filters.intent) q = q.where('f.intent', '=', filters.intent);
  if (filters.label) {
    const label = filters.label;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('conversation_fact_labels as fl')
          .select('fl.label')
          .whereRef('fl.conversation_id', '=', 'f.conversation_id')
          .where('fl.label', '=', label),
      ),
    );
  }
  const joined =
    by === 'label'
      ? q.leftJoin('conversation_fact_labels as l', 'l.conversation_id', 'f.conversation_id')
      : q;
  const key = by ? sql.ref(by === 'label' ? 'l.label' : KEY_COLUMN[by]) : sql`null`;
  return { q: joined, key };
}

const orNull = (v: unknown) => (v === null || v === undefined ? null : Number(v));

function fromDb(r: Record<string, unknown>, d: DurationKey): Distribution {
  const avg = orNull(r[`${d}_avg`]);
  return {
    count: num(r[`${d}_n`]),
    median: orNull(r[`${d}_p50`]),
    p90: orNull(r[`${d}_p90`]),
    mean: avg === null ? null : Math.round(avg),
  };
}

const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));
const rate = (n: number, d: number) => (d ? n / d : null);

/** Metrics per group key (one entry, key null, without grouping). */
export async function aggregateMetrics(
  db: Executor,
  accountId: string,
  range: Range,
  filters: Filters,
  o: MetricOptions,
  by?: GroupKey,
  /** Embedded SQLite: the durations are read as arrays (no row objects), the same query. */
  sqlite?: SqliteHandle | null,
  /** PostgreSQL: medians and p90s in the aggregate query (percentile_disc is nearest rank). */
  postgres = false,
): Promise<Map<string | null, Metrics>> {
  const counts = countExpressions(o);
  const durations = durationExpressions(o.businessHours);
  const { q, key } = base(db, accountId, range, filters, by);
  const inDb = postgres
    ? DURATION_KEYS.flatMap((d) => {
        const e = d === 'nextReply' ? sql`round(${durations[d]})` : durations[d];
        return [
          sql`count(${e})`.as(`${d}_n`),
          sql`percentile_disc(0.5) within group (order by ${e})`.as(`${d}_p50`),
          sql`percentile_disc(0.9) within group (order by ${e})`.as(`${d}_p90`),
          sql`avg(${e})`.as(`${d}_avg`),
        ];
      })
    : [];
  let cq = q.select([key.as('group_key'), ...COUNTS.map((c) => counts[c].as(c)), ...inDb]);
  if (by) cq = cq.groupBy(key as never);
  const cc = cq.compile();
  const countRows = sqlite
    ? (
        sqlite
          .prepare(cc.sql)
          .raw(true)
          .all(...cc.parameters) as unknown[][]
      ).map((r) => Object.fromEntries(['group_key', ...COUNTS].map((c, i) => [c, r[i]])))
    : ((await cq.execute()) as Record<string, unknown>[]);
  const dq = q.select([key.as('group_key'), ...DURATION_KEYS.map((d) => durations[d].as(d))]);
  const values = new Map<string | null, Record<DurationKey, number[]>>();
  const compiled = dq.compile();
  const rows: unknown[][] = postgres
    ? []
    : sqlite
      ? (sqlite
          .prepare(compiled.sql)
          .raw(true)
          .all(...compiled.parameters) as unknown[][])
      : ((await dq.execute()) as Record<string, unknown>[]).map((r) => [
          r.group_key,
          ...DURATION_KEYS.map((d) => r[d]),
        ]);
  for (const r of rows) {
    const k = (r[0] as string | null) ?? null;
    let v = values.get(k);
    if (!v) {
      v = Object.fromEntries(DURATION_KEYS.map((d) => [d, [] as number[]])) as Record<
        DurationKey,
        number[]
      >;
      values.set(k, v);
    }
    for (let i = 0; i < DURATION_KEYS.length; i++) {
      const x = r[i + 1];
      if (x === null || x === undefined) continue;
      v[DURATION_KEYS[i]].push(i === 1 ? Math.round(Number(x)) : Number(x));
    }
  }
  const out = new Map<string | null, Metrics>();
  for (const r of countRows) {
    const k = (r.group_key as string | null) ?? null;
    const c = Object.fromEntries(COUNTS.map((n) => [n, num(r[n])])) as Record<
      (typeof COUNTS)[number],
      number
    >;
    if (!by && c.conversations === 0 && out.size) continue;
    const v = values.get(k);
    const m: Metrics = {
      conversations: c.conversations,
      resolved: c.resolved,
      reopened: c.reopened,
      botInvolved: c.bot_involved,
      botOnly: c.bot_only,
      handedOver: c.handed_over,
      aiResolved: c.ai_resolved,
      oneTouch: c.one_touch,
      fcr: { eligible: c.fcr_eligible, achieved: c.fcr_achieved },
      csat: { responses: c.csat_responses, satisfied: c.csat_satisfied },
      nps: { responses: c.nps_responses, promoters: c.nps_promoters, detractors: c.nps_detractors },
      sla: { met: c.sla_met, breached: c.sla_breached },
      rates: {
        oneTouch: rate(c.one_touch, c.human_resolved),
        fcr: rate(c.fcr_achieved, c.fcr_eligible),
        aiResolution: rate(c.ai_resolved, c.bot_involved),
        handover: rate(c.handed_over, c.bot_involved),
        csat: rate(c.csat_satisfied, c.csat_responses),
        nps: c.nps_responses
          ? Math.round(((c.nps_promoters - c.nps_detractors) / c.nps_responses) * 100)
          : null,
        slaAchievement: rate(c.sla_met, c.sla_met + c.sla_breached),
      },
      durations: Object.fromEntries(
        DURATION_KEYS.map((d) => [d, postgres ? fromDb(r, d) : distribution(v?.[d] ?? [])]),
      ) as Metrics['durations'],
    };
    out.set(k, m);
  }
  return out;
}
