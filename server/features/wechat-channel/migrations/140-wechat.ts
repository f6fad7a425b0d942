import type { Kysely } from 'kysely';
import type { MigrationHelpers } from '../../../core/db/migrations/helpers.ts';

/** WeChat channel: app settings per inbox, the durable callback inbox, reply windows, the outbox. */
export async function up(db: Kysely<any>, h: MigrationHelpers): Promise<void> {
  const { id, text, ts } = h;
  await db.schema
    .createTable('wechat_inboxes')
    .addColumn('inbox_id', id, (c) => c.primaryKey())
    .addColumn('account_id', id, (c) => c.notNull())
    .addColumn('app_id', text, (c) => c.notNull())
    .addColumn('app_kind', text, (c) => c.notNull())
    .addColumn('mode', text, (c) => c.notNull())
    .addColumn('token_sealed', text, (c) => c.notNull())
    .addColumn('aes_key_sealed', text)
    .addColumn('app_secret_sealed', text, (c) => c.notNull())
    .addColumn('fetch_user_info', 'integer', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('wechat_inbound')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('account_id', id, (c) => c.notNull())
    .addColumn('inbox_id', id, (c) => c.notNull())
    .addColumn('dedupe_key', text, (c) => c.notNull())
    .addColumn('open_id', text, (c) => c.notNull())
    .addColumn('msg_type', text, (c) => c.notNull())
    .addColumn('raw_sealed', text)
    .addColumn('status', text, (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('last_error', text)
    .addColumn('message_id', id)
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('processed_at', ts)
    .addUniqueConstraint('wechat_inbound_once', ['inbox_id', 'dedupe_key'])
    .execute();

  await db.schema
    .createTable('wechat_windows')
    .addColumn('inbox_id', id, (c) => c.notNull())
    .addColumn('open_id', text, (c) => c.notNull())
    .addColumn('account_id', id, (c) => c.notNull())
    .addColumn('kind', text, (c) => c.notNull())
    .addColumn('quota', 'integer', (c) => c.notNull())
    .addColumn('used', 'integer', (c) => c.notNull())
    .addColumn('opened_at', ts, (c) => c.notNull())
    .addColumn('closes_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('wechat_windows_pk', ['inbox_id', 'open_id'])
    .execute();

  await db.schema
    .createTable('wechat_outbox')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('account_id', id, (c) => c.notNull())
    .addColumn('inbox_id', id, (c) => c.notNull())
    .addColumn('conversation_id', id, (c) => c.notNull())
    .addColumn('message_id', id, (c) => c.notNull().unique())
    .addColumn('open_id', text, (c) => c.notNull())
    .addColumn('parts', 'integer', (c) => c.notNull())
    .addColumn('parts_sent', 'integer', (c) => c.notNull())
    .addColumn('state', text, (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('last_code', text)
    .addColumn('last_errcode', 'integer')
    .addColumn('last_error', text)
    .addColumn('claimed_until', ts)
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('sent_at', ts)
    .execute();
}
