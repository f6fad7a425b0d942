import type { Kysely } from 'kysely';
import type { MigrationHelpers } from './helpers.ts';

/**
 * Every message updates its conversation's updated_at, so each index over updated_at is rewritten on
 * every message. The lookup of a contact's current conversation needs (contact, inbox, newest first),
 * which never changes after insert: index that instead of (contact_id, updated_at).
 */
export async function up(db: Kysely<any>, _h: MigrationHelpers): Promise<void> {
  await db.schema.dropIndex('conversations_by_contact_id_updated_at').execute();
  await db.schema
    .createIndex('conversations_by_contact_inbox_created')
    .on('conversations')
    .columns(['contact_id', 'inbox_id', 'created_at', 'id'])
    .execute();
}
