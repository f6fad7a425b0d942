/** Reading fact rows for a report: one account, a created-at range and the filters (facts only). */
import type { Executor } from '../../../core/db/client.ts';
import type { FactRow } from '../domain/metrics.ts';
import type { Range } from '../domain/range.ts';
import { isTimeZone } from '../domain/business-time.ts';

export interface Filters {
  inboxId?: string;
  teamId?: string;
  agentId?: string;
  channel?: string;
  label?: string;
  intent?: string;
}

const COLUMNS = [
  'conversation_id',
  'created_at',
  'channel',
  'inbox_id',
  'team_id',
  'assignee_id',
  'intent',
  'labels',
  'status',
  'cycles',
  'touches',
  'reopens',
  'reassignments',
  'bot_messages',
  'bot_only',
  'handed_over',
  'human_requested',
  'negative_feedback',
  'frt_ms',
  'frt_biz_ms',
  'nrt_count',
  'nrt_sum_ms',
  'nrt_sum_biz_ms',
  'first_resolved_at',
  'first_resolution_ms',
  'first_resolution_biz_ms',
  'last_resolved_at',
  'full_resolution_ms',
  'full_resolution_biz_ms',
  'requester_wait_ms',
  'requester_wait_biz_ms',
  'handling_ms',
  'handling_biz_ms',
  'time_to_human_ms',
  'time_to_human_biz_ms',
  'first_reopen_at',
  'customer_after_resolve_at',
  'last_customer_at',
  'csat',
  'nps',
  'sla_first_response',
  'sla_next_response',
  'sla_resolution',
] as const;

const TEXT = new Set([
  'conversation_id',
  'channel',
  'inbox_id',
  'team_id',
  'assignee_id',
  'intent',
  'labels',
  'status',
  'sla_first_response',
  'sla_next_response',
  'sla_resolution',
]);

/** PostgreSQL answers bigint columns as strings: numbers here, nulls kept. */
function toRow(r: Record<string, unknown>): FactRow {
  const out: Record<string, unknown> = {};
  for (const c of COLUMNS) {
    const v = r[c];
    out[c] = v === null || v === undefined ? null : TEXT.has(c) ? v : Number(v);
  }
  return out as unknown as FactRow;
}

export interface Page {
  limit: number;
  after?: { createdAt: number; id: string };
}

export async function factRowsIn(
  db: Executor,
  accountId: string,
  range: Range,
  filters: Filters,
  page?: Page,
): Promise<FactRow[]> {
  let q = db
    .selectFrom('conversation_facts as f')
    .select(COLUMNS.map((c) => `f.${c}` as const))
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
          .selectFrom('conversation_fact_labels as l')
          .select('l.label')
          .whereRef('l.conversation_id', '=', 'f.conversation_id')
          .where('l.label', '=', label),
      ),
    );
  }
  if (page) {
    const a = page.after;
    if (a)
      q = q.where((eb) =>
        eb.or([
          eb('f.created_at', '>', a.createdAt),
          eb.and([eb('f.created_at', '=', a.createdAt), eb('f.conversation_id', '>', a.id)]),
        ]),
      );
    q = q.orderBy('f.created_at').orderBy('f.conversation_id').limit(page.limit);
  }
  const rows = await q.execute();
  return rows.map((r) => toRow(r as Record<string, unknown>));
}

/** The account's report time zone: accounts.settings.timeZone when valid, else UTC. */
export async function accountTimeZone(db: Executor, accountId: string): Promise<string> {
  const row = await db
    .selectFrom('accounts')
    .select('settings')
    .where('id', '=', accountId)
    .executeTakeFirst();
  try {
    const tz = (JSON.parse(row?.settings ?? '{}') as { timeZone?: unknown }).timeZone;
    return typeof tz === 'string' && isTimeZone(tz) ? tz : 'UTC';
  } catch {
    return 'UTC';
  }
}

/** Display names of the ids a grouping shows (agents, teams, inboxes of the account). */
export async function namesOf(
  db: Executor,
  accountId: string,
  kind: 'agent' | 'team' | 'inbox',
  ids: string[],
): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const table = kind === 'agent' ? 'users' : kind === 'team' ? 'teams' : 'inboxes';
  const rows = await db
    .selectFrom(table)
    .select(['id', 'name'])
    .where('account_id', '=', accountId)
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
