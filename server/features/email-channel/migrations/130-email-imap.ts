import type { Kysely } from 'kysely';
import type { MigrationHelpers } from '../../../core/db/migrations/helpers.ts';

/**
 * Email channel, IMAP sync: per-inbox IMAP settings with the sync's state, the durable cursor per
 * (inbox, mailbox) and the mails the ingest failed on (imap/tables.ts).
 */
export async function up(db: Kysely<any>, { id, text, ts }: MigrationHelpers): Promise<void> {
  await db.schema
    .createTable('email_imap_settings')
    .addColumn('inbox_id', id, (c) => c.primaryKey())
    .addColumn('account_id', id, (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('host', text, (c) => c.notNull())
    .addColumn('port', 'integer', (c) => c.notNull())
    .addColumn('security', text, (c) => c.notNull())
    .addColumn('username', text, (c) => c.notNull())
    .addColumn('password_sealed', text, (c) => c.notNull())
    .addColumn('mailbox', text, (c) => c.notNull())
    .addColumn('mark_seen', 'integer', (c) => c.notNull())
    .addColumn('state', text, (c) => c.notNull())
    .addColumn('last_sync_at', ts)
    .addColumn('last_error_code', text)
    .addColumn('last_error_detail', text)
    .addColumn('last_error_at', ts)
    .addColumn('lease_owner', text)
    .addColumn('lease_until', ts)
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('email_imap_settings_account')
    .on('email_imap_settings')
    .columns(['account_id'])
    .execute();
  await db.schema
    .createTable('email_imap_cursors')
    .addColumn('inbox_id', id, (c) => c.notNull())
    .addColumn('mailbox', text, (c) => c.notNull())
    .addColumn('account_id', id, (c) => c.notNull())
    .addColumn('uid_validity', text, (c) => c.notNull())
    .addColumn('last_uid', ts, (c) => c.notNull())
    .addColumn('highest_modseq', text)
    .addColumn('uid_validity_changes', 'integer', (c) => c.notNull())
    .addColumn('previous_uid_validity', text)
    .addColumn('uid_validity_changed_at', ts)
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('email_imap_cursors_pk', ['inbox_id', 'mailbox'])
    .execute();
  await db.schema
    .createTable('email_imap_failures')
    .addColumn('inbox_id', id, (c) => c.notNull())
    .addColumn('mailbox', text, (c) => c.notNull())
    .addColumn('uid_validity', text, (c) => c.notNull())
    .addColumn('uid', ts, (c) => c.notNull())
    .addColumn('account_id', id, (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('status', text, (c) => c.notNull())
    .addColumn('last_error', text)
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('email_imap_failures_pk', [
      'inbox_id',
      'mailbox',
      'uid_validity',
      'uid',
    ])
    .execute();
}
