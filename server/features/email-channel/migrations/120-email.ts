import type { Kysely } from 'kysely';
import type { MigrationHelpers } from '../../../core/db/migrations/helpers.ts';

/**
 * Email channel: the Message-ID → conversation map used for threading (inbound and outbound ids),
 * one idempotency key per inbound mail (with its retry state), tombstones of deleted conversations,
 * the per-address bounce state that suppresses automatic mail, and the encrypted raw mail.
 */
export async function up(db: Kysely<any>, h: MigrationHelpers): Promise<void> {
  await messageIds(db, h);
  await inboundKeys(db, h);
  await tombstones(db, h);
  await addressState(db, h);
}

async function messageIds(db: Kysely<any>, { id, text, ts }: MigrationHelpers): Promise<void> {
  await db.schema
    .createTable('email_message_ids')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('account_id', id, (c) => c.notNull())
    .addColumn('inbox_id', id, (c) => c.notNull())
    .addColumn('message_id', text, (c) => c.notNull())
    .addColumn('conversation_id', id, (c) => c.notNull())
    .addColumn('kefu_message_id', id)
    .addColumn('direction', text, (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addUniqueConstraint('email_message_ids_once', ['inbox_id', 'message_id', 'conversation_id'])
    .execute();
  // The threading lookup: an inbox's rows for a Message-ID, newest first.
  await db.schema
    .createIndex('email_message_ids_thread')
    .on('email_message_ids')
    .columns(['inbox_id', 'message_id', 'created_at desc'])
    .execute();
  await db.schema
    .createIndex('email_message_ids_conversation')
    .on('email_message_ids')
    .columns(['conversation_id'])
    .execute();
}

async function inboundKeys(db: Kysely<any>, { id, text, ts }: MigrationHelpers): Promise<void> {
  await db.schema
    .createTable('email_inbound_keys')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('account_id', id, (c) => c.notNull())
    .addColumn('inbox_id', id, (c) => c.notNull())
    .addColumn('dedupe_key', text, (c) => c.notNull())
    .addColumn('status', text, (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', text)
    .addColumn('source', text, (c) => c.notNull())
    .addColumn('conversation_id', id)
    .addColumn('message_id', id)
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addUniqueConstraint('email_inbound_keys_once', ['inbox_id', 'dedupe_key'])
    .execute();
  await db.schema
    .createIndex('email_inbound_keys_conversation')
    .on('email_inbound_keys')
    .columns(['conversation_id'])
    .execute();
}

async function tombstones(db: Kysely<any>, { id, ts }: MigrationHelpers): Promise<void> {
  await db.schema
    .createTable('email_tombstones')
    .addColumn('conversation_id', id, (c) => c.primaryKey())
    .addColumn('account_id', id, (c) => c.notNull())
    .addColumn('inbox_id', id, (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
}

async function addressState(db: Kysely<any>, { id, text, ts }: MigrationHelpers): Promise<void> {
  await db.schema
    .createTable('email_address_state')
    .addColumn('account_id', id, (c) => c.notNull())
    .addColumn('address', text, (c) => c.notNull())
    .addColumn('state', text, (c) => c.notNull())
    .addColumn('bounces', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_status', text)
    .addColumn('last_action', text)
    .addColumn('last_diagnostic', text)
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('email_address_state_pk', ['account_id', 'address'])
    .execute();
}
