import type { Kysely } from 'kysely';
import type { MigrationHelpers } from '../../../core/db/migrations/helpers.ts';

/** Console back-end: saved inbox filters, agent invitations, the latest detected emotion per conversation. */
export async function up(db: Kysely<any>, h: MigrationHelpers): Promise<void> {
  const { ts, id, text, json } = h;
  await db.schema
    .createTable('saved_filters')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('account_id', id, (c) => c.notNull())
    .addColumn('user_id', id, (c) => c.notNull())
    .addColumn('name', text, (c) => c.notNull())
    .addColumn('filter', json, (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('saved_filters_user')
    .on('saved_filters')
    .columns(['account_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('invitations')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('account_id', id, (c) => c.notNull())
    .addColumn('email', text, (c) => c.notNull())
    .addColumn('role', text, (c) => c.notNull())
    .addColumn('token_hash', text, (c) => c.notNull().unique())
    .addColumn('invited_by', id, (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('expires_at', ts, (c) => c.notNull())
    .addColumn('accepted_at', ts)
    .addColumn('accepted_user_id', id)
    .addColumn('revoked_at', ts)
    .execute();
  await db.schema
    .createIndex('invitations_account')
    .on('invitations')
    .columns(['account_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('conversation_emotions')
    .addColumn('conversation_id', id, (c) => c.primaryKey())
    .addColumn('account_id', id, (c) => c.notNull())
    .addColumn('label', text, (c) => c.notNull())
    .addColumn('intensity', 'real', (c) => c.notNull())
    .addColumn('trend', text, (c) => c.notNull())
    .addColumn('event_id', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
}
