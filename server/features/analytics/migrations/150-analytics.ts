import type { Kysely } from 'kysely';
import type { MigrationHelpers } from '../../../core/db/migrations/helpers.ts';

/**
 * Analytics: the conversation facts read model (one row per conversation, one per resolution
 * cycle, its labels), the facts processor's per-conversation state and the schedule history it
 * measured business time with. Reports read these tables only.
 */
export async function up(db: Kysely<any>, h: MigrationHelpers): Promise<void> {
  const { ts, id, text, json } = h;
  const int = 'integer';
  await db.schema
    .createTable('analytics_conversation_state')
    .addColumn('conversation_id', id, (c) => c.primaryKey())
    .addColumn('account_id', id, (c) => c.notNull())
    .addColumn('last_event_id', ts, (c) => c.notNull())
    .addColumn('state', json, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('analytics_schedules')
    .addColumn('account_id', id, (c) => c.notNull())
    .addColumn('inbox_id', id, (c) => c.notNull())
    .addColumn('effective_from', ts, (c) => c.notNull())
    .addColumn('schedule_id', text, (c) => c.notNull())
    .addColumn('hours', json)
    .addPrimaryKeyConstraint('analytics_schedules_pk', ['inbox_id', 'effective_from'])
    .execute();

  let facts = db.schema
    .createTable('conversation_facts')
    .addColumn('conversation_id', id, (c) => c.primaryKey())
    .addColumn('account_id', id, (c) => c.notNull())
    .addColumn('inbox_id', id, (c) => c.notNull())
    .addColumn('channel', text, (c) => c.notNull())
    .addColumn('contact_id', id, (c) => c.notNull())
    .addColumn('team_id', id)
    .addColumn('assignee_id', id)
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('status', text, (c) => c.notNull())
    .addColumn('intent', text)
    .addColumn('language', text)
    .addColumn('labels', json, (c) => c.notNull());
  for (const col of [
    'cycles',
    'reopens',
    'touches',
    'reassignments',
    'customer_messages',
    'bot_messages',
    'bot_only',
    'handed_over',
    'human_requested',
    'negative_feedback',
  ])
    facts = facts.addColumn(col, int, (c) => c.notNull());
  for (const col of ['nrt_count', 'requester_wait_ms', 'requester_wait_biz_ms'])
    facts = facts.addColumn(col, ts, (c) => c.notNull());
  for (const col of ['nrt_sum_ms', 'nrt_max_ms', 'nrt_sum_biz_ms', 'nrt_max_biz_ms'])
    facts = facts.addColumn(col, ts, (c) => c.notNull());
  for (const col of [
    'handover_at',
    'time_to_human_ms',
    'time_to_human_biz_ms',
    'first_reply_at',
    'frt_ms',
    'frt_biz_ms',
    'first_resolved_at',
    'first_resolution_ms',
    'first_resolution_biz_ms',
    'last_resolved_at',
    'full_resolution_ms',
    'full_resolution_biz_ms',
    'handling_ms',
    'handling_biz_ms',
    'first_reopen_at',
    'customer_after_resolve_at',
    'last_customer_at',
  ])
    facts = facts.addColumn(col, ts);
  await facts
    .addColumn('handover_reason', text)
    .addColumn('csat', int)
    .addColumn('csat_comment', text)
    .addColumn('nps', int)
    .addColumn('sentiment_first', text)
    .addColumn('sentiment_last', text)
    .addColumn('emotion_first', text)
    .addColumn('emotion_last', text)
    .addColumn('sla_first_response', text)
    .addColumn('sla_next_response', text)
    .addColumn('sla_resolution', text)
    .addColumn('schedules', text, (c) => c.notNull())
    .addColumn('last_event_id', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('conversation_facts_account_created')
    .on('conversation_facts')
    .columns(['account_id', 'created_at'])
    .execute();

  let cycles = db.schema
    .createTable('conversation_cycle_facts')
    .addColumn('conversation_id', id, (c) => c.notNull())
    .addColumn('cycle', int, (c) => c.notNull())
    .addColumn('account_id', id, (c) => c.notNull())
    .addColumn('opened_at', ts, (c) => c.notNull())
    .addColumn('agent_replies', int, (c) => c.notNull())
    .addColumn('nrt_count', int, (c) => c.notNull())
    .addColumn('nrt_sum_ms', ts, (c) => c.notNull())
    .addColumn('requester_wait_ms', ts, (c) => c.notNull())
    .addColumn('requester_wait_biz_ms', ts, (c) => c.notNull());
  for (const col of [
    'first_reply_at',
    'frt_ms',
    'frt_biz_ms',
    'resolved_at',
    'resolution_ms',
    'resolution_biz_ms',
  ])
    cycles = cycles.addColumn(col, ts);
  await cycles
    .addColumn('assignee_at_resolution', id)
    .addColumn('schedule_id', text, (c) => c.notNull())
    .addPrimaryKeyConstraint('conversation_cycle_facts_pk', ['conversation_id', 'cycle'])
    .execute();
  await db.schema
    .createIndex('conversation_cycle_facts_account_opened')
    .on('conversation_cycle_facts')
    .columns(['account_id', 'opened_at'])
    .execute();

  await db.schema
    .createTable('conversation_fact_labels')
    .addColumn('conversation_id', id, (c) => c.notNull())
    .addColumn('account_id', id, (c) => c.notNull())
    .addColumn('label', text, (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('conversation_fact_labels_pk', ['conversation_id', 'label'])
    .execute();
  await db.schema
    .createIndex('conversation_fact_labels_account')
    .on('conversation_fact_labels')
    .columns(['account_id', 'label', 'created_at'])
    .execute();
}
