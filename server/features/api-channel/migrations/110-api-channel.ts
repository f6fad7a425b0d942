import type { Kysely } from 'kysely';
import type { MigrationHelpers } from '../../../core/db/migrations/helpers.ts';

/** API channel: inbox tokens and webhooks of API inboxes, and the durable webhook deliveries. */
export async function up(db: Kysely<any>, h: MigrationHelpers): Promise<void> {
  const { id, text, ts } = h;
  await db.schema
    .createTable('api_channel_inboxes')
    .addColumn('inbox_id', id, (c) => c.primaryKey())
    .addColumn('account_id', id, (c) => c.notNull())
    .addColumn('token_hash', text)
    .addColumn('token_hint', text)
    .addColumn('token_rotated_at', ts)
    .addColumn('webhook_url', text)
    .addColumn('webhook_secret', text)
    .addColumn('webhook_previous_secret', text)
    .addColumn('webhook_previous_until', ts)
    .addColumn('webhook_secret_rotated_at', ts)
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('api_channel_deliveries')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('account_id', id, (c) => c.notNull())
    .addColumn('inbox_id', id, (c) => c.notNull())
    .addColumn('subject', text, (c) => c.notNull())
    .addColumn('event_type', text, (c) => c.notNull())
    .addColumn('conversation_id', id)
    .addColumn('message_id', id)
    .addColumn('payload', text, (c) => c.notNull())
    .addColumn('status', text, (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', ts, (c) => c.notNull())
    .addColumn('last_attempt_at', ts)
    .addColumn('last_error', text)
    .addColumn('last_status', 'integer')
    .addColumn('delivered_at', ts)
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addUniqueConstraint('api_channel_deliveries_once', ['inbox_id', 'subject'])
    .execute();
  // the retry loop: pending deliveries by due time
  await db.schema
    .createIndex('api_channel_deliveries_due')
    .on('api_channel_deliveries')
    .columns(['status', 'next_attempt_at'])
    .execute();
  // Settings: an inbox's deliveries (dead-letter list), newest first
  await db.schema
    .createIndex('api_channel_deliveries_inbox')
    .on('api_channel_deliveries')
    .columns(['account_id', 'inbox_id', 'status', 'id'])
    .execute();
}
