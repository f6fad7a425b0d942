/**
 * Synthetic conversation facts for the analytics bench, generated inside the database by one SQL
 * statement (SQLite: a recursive CTE; PostgreSQL: generate_series): N conversations of one account
 * spread evenly over `days`, 5 agents, 3 inboxes, 2 channels, labels on every 7th, 10 % bot-only,
 * 30 % handed over, durations drawn uniformly (FRT up to 10 min, resolution up to 2 days, …).
 */
import { sql } from 'kysely';
import type { Database } from '../../server/core/db/client.ts';

export async function generateFacts(
  database: Database,
  accountId: string,
  n: number,
  start: number,
  days: number,
): Promise<void> {
  const pg = database.dialect === 'postgres';
  const span = days * 86_400_000;
  const rnd = (max: number) =>
    pg ? `floor(random() * ${max})::bigint` : `(abs(random()) % ${max})`;
  const series = pg
    ? sql.raw(`select g::bigint as g from generate_series(1, ${n}) as g`)
    : sql.raw(
        `with recursive s(g) as (select 1 union all select g + 1 from s where g < ${n}) select g from s`,
      );
  const text = (e: string) => (pg ? `(${e})::text` : `cast(${e} as text)`);
  const created = `${start} + (g * ${Math.floor(span / n)})`;
  const botOnly = `(g % 10 = 0)`;
  const cols = `conversation_id, account_id, inbox_id, channel, contact_id, team_id, assignee_id,
    created_at, status, intent, language, labels, cycles, reopens, touches, reassignments,
    customer_messages, bot_messages, bot_only, handed_over, human_requested, negative_feedback,
    nrt_count, requester_wait_ms, requester_wait_biz_ms, nrt_sum_ms, nrt_max_ms, nrt_sum_biz_ms,
    nrt_max_biz_ms, time_to_human_ms, time_to_human_biz_ms, frt_ms, frt_biz_ms,
    first_resolved_at, first_resolution_ms, first_resolution_biz_ms, last_resolved_at,
    full_resolution_ms, full_resolution_biz_ms, handling_ms, handling_biz_ms, last_customer_at,
    csat, schedules, last_event_id, updated_at`;
  const values = `'${accountId}-' || ${text('g')}, '${accountId}', 'inbox-' || ${text('g % 3')},
    case when g % 4 = 0 then 'email' else 'web_widget' end, 'ct' || ${text('g')},
    'team-' || ${text('g % 2')}, case when ${botOnly} then null else 'agent-' || ${text('g % 5')} end,
    ${created}, case when g % 5 = 0 then 'open' else 'resolved' end,
    'intent-' || ${text('g % 12')}, 'zh',
    case when g % 7 = 0 then '["vip"]' else '[]' end,
    case when ${botOnly} then 0 else 1 end, case when g % 20 = 0 then 1 else 0 end,
    case when ${botOnly} then 0 else 1 + g % 4 end, g % 3 / 2, 1 + g % 6,
    case when g % 3 = 0 or ${botOnly} then 2 else 0 end, case when ${botOnly} then 1 else 0 end,
    case when g % 3 = 0 then 1 else 0 end, case when g % 6 = 0 then 1 else 0 end, 0,
    g % 4, ${rnd(3_600_000)}, ${rnd(600_000)}, ${rnd(3_600_000)}, ${rnd(1_800_000)},
    ${rnd(600_000)}, ${rnd(300_000)},
    case when g % 3 = 0 then ${rnd(900_000)} end, case when g % 3 = 0 then ${rnd(300_000)} end,
    case when ${botOnly} then null else ${rnd(600_000)} end,
    case when ${botOnly} then null else ${rnd(200_000)} end,
    case when g % 5 = 0 then null else ${created} + 3600000 end,
    case when g % 5 = 0 then null else ${rnd(172_800_000)} end,
    case when g % 5 = 0 then null else ${rnd(28_800_000)} end,
    case when g % 5 = 0 then null else ${created} + 3600000 end,
    case when g % 5 = 0 then null else ${rnd(172_800_000)} end,
    case when g % 5 = 0 then null else ${rnd(28_800_000)} end,
    case when g % 5 = 0 or ${botOnly} then null else ${rnd(7_200_000)} end,
    case when g % 5 = 0 or ${botOnly} then null else ${rnd(3_600_000)} end,
    ${created} + 60000, case when g % 8 = 0 then 1 + g % 5 end, 'always', g, ${created}`;
  await sql`insert into conversation_facts (${sql.raw(cols)}) select ${sql.raw(values)} from (${series}) as gen`.execute(
    database.db,
  );
}
