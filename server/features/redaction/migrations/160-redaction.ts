import type { Kysely } from 'kysely';
import type { MigrationHelpers } from '../../../core/db/migrations/helpers.ts';

/** Redaction: settings per account, encrypted originals, reveals, retroactive runs. */
export async function up(db: Kysely<any>, h: MigrationHelpers): Promise<void> {
  await db.schema
    .createTable('redaction_settings')
    .addColumn('account_id', h.id, (c) => c.primaryKey())
    .addColumn('settings', h.json, (c) => c.notNull())
    .addColumn('updated_at', h.ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('redaction_originals')
    .addColumn('message_id', h.id, (c) => c.primaryKey())
    .addColumn('account_id', h.id, (c) => c.notNull())
    .addColumn('sealed', 'text', (c) => c.notNull())
    .addColumn('created_at', h.ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('redaction_reveals')
    .addColumn('id', h.id, (c) => c.primaryKey())
    .addColumn('account_id', h.id, (c) => c.notNull())
    .addColumn('message_id', h.id, (c) => c.notNull())
    .addColumn('user_id', h.id, (c) => c.notNull())
    .addColumn('created_at', h.ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('redaction_reveals_message')
    .on('redaction_reveals')
    .columns(['account_id', 'message_id', 'created_at'])
    .execute();
  await db.schema
    .createTable('redaction_runs')
    .addColumn('id', h.id, (c) => c.primaryKey())
    .addColumn('account_id', h.id, (c) => c.notNull())
    .addColumn('apply', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('cursor', h.id)
    .addColumn('scanned', 'integer', (c) => c.notNull())
    .addColumn('changed', 'integer', (c) => c.notNull())
    .addColumn('counts', h.json, (c) => c.notNull())
    .addColumn('created_by', h.id)
    .addColumn('created_at', h.ts, (c) => c.notNull())
    .addColumn('updated_at', h.ts, (c) => c.notNull())
    .addColumn('finished_at', h.ts)
    .execute();
  await db.schema
    .createIndex('redaction_runs_account')
    .on('redaction_runs')
    .columns(['account_id', 'status', 'created_at'])
    .execute();
}
