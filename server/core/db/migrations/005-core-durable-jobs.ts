import type { Kysely } from 'kysely';
import type { MigrationHelpers } from './helpers.ts';

/**
 * Background work is as durable as the message (issue 11):
 * - `events.claimed_until`: the lease of the node that dispatches an event. An event is marked
 *   dispatched only after every processor finished (or was dead-lettered); until then a sweeper on
 *   any node takes over an event whose lease ran out (a fresh event is implicitly leased to the node
 *   that committed it, see events/dispatcher.ts).
 * - `dead_jobs`: a processor that kept failing for an event, kept for admins to read and retry.
 *   One row per (processor, event).
 */
export async function up(db: Kysely<any>, h: MigrationHelpers): Promise<void> {
  await db.schema.alterTable('events').addColumn('claimed_until', h.ts).execute();
  await db.schema
    .createTable('dead_jobs')
    .addColumn('id', h.id, (c) => c.primaryKey())
    .addColumn('account_id', h.id, (c) => c.notNull())
    .addColumn('processor', h.text, (c) => c.notNull())
    .addColumn('event_id', h.ts, (c) => c.notNull())
    .addColumn('event_type', h.text, (c) => c.notNull())
    .addColumn('error', h.text, (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('first_failed_at', h.ts, (c) => c.notNull())
    .addColumn('failed_at', h.ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('dead_jobs_processor_event')
    .on('dead_jobs')
    .columns(['processor', 'event_id'])
    .unique()
    .execute();
  await db.schema
    .createIndex('dead_jobs_account')
    .on('dead_jobs')
    .columns(['account_id', 'failed_at'])
    .execute();
}
