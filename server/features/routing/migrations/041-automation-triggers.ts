import type { Kysely } from 'kysely';
import type { MigrationHelpers } from '../../../core/db/migrations/helpers.ts';

/**
 * Automation triggers beyond domain events: schedules (rule.trigger + next/last run), contact events
 * posted through the API with the delayed jobs they schedule, and per-subject cooldowns (page views).
 */
export async function up(db: Kysely<any>, h: MigrationHelpers): Promise<void> {
  const { ts, id, text, json } = h;
  // one column per statement: SQLite's ALTER TABLE adds a single column
  await db.schema.alterTable('automation_rules').addColumn('trigger', json).execute();
  await db.schema.alterTable('automation_rules').addColumn('next_run_at', ts).execute();
  await db.schema.alterTable('automation_rules').addColumn('last_run_at', ts).execute();
  await db.schema
    .createIndex('automation_rules_due')
    .on('automation_rules')
    .columns(['event', 'next_run_at'])
    .execute();

  await db.schema
    .createTable('automation_contact_events')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('account_id', id, (c) => c.notNull())
    .addColumn('contact_id', id, (c) => c.notNull())
    .addColumn('name', text, (c) => c.notNull())
    .addColumn('attributes', json, (c) => c.notNull())
    .addColumn('occurred_at', ts, (c) => c.notNull())
    .addColumn('idempotency_key', text, (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addUniqueConstraint('automation_contact_events_key', ['account_id', 'idempotency_key'])
    .execute();
  await db.schema
    .createIndex('automation_contact_events_contact')
    .on('automation_contact_events')
    .columns(['contact_id', 'occurred_at'])
    .execute();

  await db.schema
    .createTable('automation_jobs')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('account_id', id, (c) => c.notNull())
    .addColumn('rule_id', id, (c) => c.notNull())
    .addColumn('source_id', id, (c) => c.notNull())
    .addColumn('contact_id', id, (c) => c.notNull())
    .addColumn('due_at', ts, (c) => c.notNull())
    .addColumn('state', text, (c) => c.notNull())
    .addColumn('conversation_id', id)
    .addColumn('fired_at', ts)
    .addColumn('created_at', ts, (c) => c.notNull())
    .addUniqueConstraint('automation_jobs_once', ['rule_id', 'source_id'])
    .execute();
  await db.schema
    .createIndex('automation_jobs_due')
    .on('automation_jobs')
    .columns(['state', 'due_at'])
    .execute();

  await db.schema
    .createTable('automation_cooldowns')
    .addColumn('rule_id', id, (c) => c.notNull())
    .addColumn('subject', text, (c) => c.notNull())
    .addColumn('account_id', id, (c) => c.notNull())
    .addColumn('fired_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('automation_cooldowns_pk', ['rule_id', 'subject'])
    .execute();
}
