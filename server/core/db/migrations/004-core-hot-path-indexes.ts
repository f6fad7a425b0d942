import { sql, type Kysely } from 'kysely';
import type { MigrationHelpers } from './helpers.ts';

/**
 * Every customer message inserts a message row and an outbox event, so each index on those tables is
 * paid on the message path.
 * - `messages_account_created` (account, created_at) had no reader: dropped.
 * - `events_pending` (dispatched_at, id) held every event ever recorded, and marking an event
 *   dispatched moved its entry. The sweeper only asks for undispatched events: a partial index on
 *   them stays tiny, and marking just removes the entry.
 */
export async function up(db: Kysely<any>, _h: MigrationHelpers): Promise<void> {
  await db.schema.dropIndex('messages_account_created').ifExists().execute();
  await db.schema.dropIndex('events_pending').ifExists().execute();
  await db.schema
    .createIndex('events_undispatched')
    .on('events')
    .column('id')
    .where(sql.ref('dispatched_at'), 'is', null)
    .execute();
}
