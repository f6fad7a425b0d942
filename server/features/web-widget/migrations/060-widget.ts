import type { Kysely } from 'kysely';
import type { MigrationHelpers } from '../../../core/db/migrations/helpers.ts';

/** Widget: customer-satisfaction ratings, one per resolution of a conversation. */
export async function up(db: Kysely<any>, h: MigrationHelpers): Promise<void> {
  const { id, text, ts } = h;
  await db.schema
    .createTable('widget_csat')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('account_id', id, (c) => c.notNull())
    .addColumn('inbox_id', id, (c) => c.notNull())
    .addColumn('conversation_id', id, (c) => c.notNull())
    .addColumn('contact_id', id, (c) => c.notNull())
    .addColumn('message_id', id)
    .addColumn('rating', 'integer', (c) => c.notNull())
    .addColumn('comment', text)
    .addColumn('resolved_at', ts, (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addUniqueConstraint('widget_csat_once', ['conversation_id', 'resolved_at'])
    .execute();
  await db.schema
    .createIndex('widget_csat_account')
    .on('widget_csat')
    .columns(['account_id', 'created_at'])
    .execute();
}
