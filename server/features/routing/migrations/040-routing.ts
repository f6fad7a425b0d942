import type { Kysely } from 'kysely';
import type { MigrationHelpers } from '../../../core/db/migrations/helpers.ts';

/** Routing: settings, agent profiles, the live queue, SLA policies and timers, alerts, automation. */
export async function up(db: Kysely<any>, h: MigrationHelpers): Promise<void> {
  const { ts, id, text, json } = h;
  const int = 'integer';
  await db.schema
    .createTable('routing_settings')
    .addColumn('account_id', id, (c) => c.notNull())
    .addColumn('scope', text, (c) => c.notNull())
    .addColumn('scope_id', text, (c) => c.notNull())
    .addColumn('settings', json, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('routing_settings_pk', ['account_id', 'scope', 'scope_id'])
    .execute();

  await db.schema
    .createTable('routing_agents')
    .addColumn('user_id', id, (c) => c.primaryKey())
    .addColumn('account_id', id, (c) => c.notNull())
    .addColumn('skills', json, (c) => c.notNull())
    .addColumn('languages', json, (c) => c.notNull())
    .addColumn('capacity', json, (c) => c.notNull())
    .addColumn('last_active_at', ts)
    .addColumn('last_assigned_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('routing_agents_account')
    .on('routing_agents')
    .columns(['account_id'])
    .execute();

  await db.schema
    .createTable('routing_locks')
    .addColumn('account_id', id, (c) => c.primaryKey())
    .addColumn('version', int, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('routing_queue')
    .addColumn('conversation_id', id, (c) => c.primaryKey())
    .addColumn('account_id', id, (c) => c.notNull())
    .addColumn('inbox_id', id, (c) => c.notNull())
    .addColumn('contact_id', id, (c) => c.notNull())
    .addColumn('channel', text, (c) => c.notNull())
    .addColumn('reason', text, (c) => c.notNull())
    .addColumn('language', text)
    .addColumn('intent', text)
    .addColumn('anger', int, (c) => c.notNull())
    .addColumn('tier', text, (c) => c.notNull())
    .addColumn('previous_agent_id', id)
    .addColumn('enqueued_at', ts, (c) => c.notNull())
    .addColumn('pinned_at', ts)
    .execute();
  await db.schema
    .createIndex('routing_queue_account')
    .on('routing_queue')
    .columns(['account_id', 'enqueued_at'])
    .execute();

  await db.schema
    .createTable('routing_assignments')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('account_id', id, (c) => c.notNull())
    .addColumn('conversation_id', id, (c) => c.notNull())
    .addColumn('agent_id', id, (c) => c.notNull())
    .addColumn('assigned_at', ts, (c) => c.notNull())
    .addColumn('released_at', ts)
    .execute();
  await db.schema
    .createIndex('routing_assignments_conv')
    .on('routing_assignments')
    .columns(['conversation_id', 'released_at'])
    .execute();
  await db.schema
    .createIndex('routing_assignments_released')
    .on('routing_assignments')
    .columns(['account_id', 'released_at'])
    .execute();

  await db.schema
    .createTable('sla_policies')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('account_id', id, (c) => c.notNull())
    .addColumn('name', text, (c) => c.notNull())
    .addColumn('inbox_id', id)
    .addColumn('priority', text)
    .addColumn('first_response_ms', ts, (c) => c.notNull())
    .addColumn('next_response_ms', ts)
    .addColumn('resolution_ms', ts)
    .addColumn('warn_pct', int, (c) => c.notNull())
    .addColumn('business_hours', int, (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('sla_policies_account')
    .on('sla_policies')
    .columns(['account_id'])
    .execute();

  await db.schema
    .createTable('sla_timers')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('account_id', id, (c) => c.notNull())
    .addColumn('conversation_id', id, (c) => c.notNull())
    .addColumn('policy_id', id, (c) => c.notNull())
    .addColumn('kind', text, (c) => c.notNull())
    .addColumn('state', text, (c) => c.notNull())
    .addColumn('target_ms', ts, (c) => c.notNull())
    .addColumn('started_at', ts, (c) => c.notNull())
    .addColumn('due_at', ts, (c) => c.notNull())
    .addColumn('warn_at', ts, (c) => c.notNull())
    .addColumn('remaining_ms', ts)
    .addColumn('warned_at', ts)
    .addColumn('breached_at', ts)
    .addColumn('met_at', ts)
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addUniqueConstraint('sla_timers_conv_kind', ['conversation_id', 'kind'])
    .execute();
  await db.schema
    .createIndex('sla_timers_due')
    .on('sla_timers')
    .columns(['state', 'due_at'])
    .execute();
  await db.schema
    .createIndex('sla_timers_warn')
    .on('sla_timers')
    .columns(['state', 'warn_at'])
    .execute();

  await db.schema
    .createTable('routing_alerts')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('account_id', id, (c) => c.notNull())
    .addColumn('conversation_id', id, (c) => c.notNull())
    .addColumn('kind', text, (c) => c.notNull())
    .addColumn('intensity', int, (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('acknowledged_by', id)
    .addColumn('answered_at', ts)
    .addColumn('response_ms', ts)
    .execute();
  await db.schema
    .createIndex('routing_alerts_account')
    .on('routing_alerts')
    .columns(['account_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('routing_alerts_conv')
    .on('routing_alerts')
    .columns(['conversation_id', 'answered_at'])
    .execute();

  await db.schema
    .createTable('automation_rules')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('account_id', id, (c) => c.notNull())
    .addColumn('name', text, (c) => c.notNull())
    .addColumn('event', text, (c) => c.notNull())
    .addColumn('conditions', json, (c) => c.notNull())
    .addColumn('actions', json, (c) => c.notNull())
    .addColumn('position', int, (c) => c.notNull())
    .addColumn('stop_processing', int, (c) => c.notNull())
    .addColumn('enabled', int, (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('automation_rules_event')
    .on('automation_rules')
    .columns(['account_id', 'event', 'position'])
    .execute();

  await db.schema
    .createTable('automation_audit')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('account_id', id, (c) => c.notNull())
    .addColumn('rule_id', id, (c) => c.notNull())
    .addColumn('conversation_id', id)
    .addColumn('event_type', text, (c) => c.notNull())
    .addColumn('event_id', ts)
    .addColumn('outcome', text, (c) => c.notNull())
    .addColumn('detail', json, (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('automation_audit_rule')
    .on('automation_audit')
    .columns(['rule_id', 'conversation_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('automation_audit_account')
    .on('automation_audit')
    .columns(['account_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('macros')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('account_id', id, (c) => c.notNull())
    .addColumn('name', text, (c) => c.notNull())
    .addColumn('actions', json, (c) => c.notNull())
    .addColumn('created_by', id)
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('macros_account').on('macros').columns(['account_id']).execute();
}
