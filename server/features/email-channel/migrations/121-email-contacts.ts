import type { Kysely } from 'kysely';
import type { MigrationHelpers } from '../../../core/db/migrations/helpers.ts';

/**
 * Email channel, second step: the subject of each recorded Message-ID (a reply whose subject names
 * another topic starts a new conversation), each conversation's mail participants (threading checks
 * the sender against them), contacts created from mail that could not be verified (they never take
 * an address identity) and the merge suggestions they raise, the per-contact keys that encrypt raw
 * mail (erasing the key erases the raw mail), and the encrypted raw mail itself.
 */
export async function up(db: Kysely<any>, h: MigrationHelpers): Promise<void> {
  await db.schema.alterTable('email_message_ids').addColumn('subject', h.text).execute();
  // A mail that keeps failing stays encrypted in quarantine (its key wrapped by the server secret).
  await db.schema.alterTable('email_inbound_keys').addColumn('raw_storage_key', h.text).execute();
  await db.schema.alterTable('email_inbound_keys').addColumn('raw_wrapped_key', h.text).execute();
  await participants(db, h);
  await unverified(db, h);
  await rawMail(db, h);
}

async function participants(db: Kysely<any>, { id, text, ts }: MigrationHelpers): Promise<void> {
  await db.schema
    .createTable('email_participants')
    .addColumn('conversation_id', id, (c) => c.notNull())
    .addColumn('address', text, (c) => c.notNull())
    .addColumn('account_id', id, (c) => c.notNull())
    .addColumn('inbox_id', id, (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('email_participants_pk', ['conversation_id', 'address'])
    .execute();
  // The optional subject window: an inbox's recent conversations of one sender.
  await db.schema
    .createIndex('email_participants_sender')
    .on('email_participants')
    .columns(['inbox_id', 'address', 'created_at'])
    .execute();
}

async function unverified(db: Kysely<any>, { id, text, ts }: MigrationHelpers): Promise<void> {
  await db.schema
    .createTable('email_unverified_senders')
    .addColumn('account_id', id, (c) => c.notNull())
    .addColumn('address', text, (c) => c.notNull())
    .addColumn('contact_id', id, (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('email_unverified_senders_pk', ['account_id', 'address'])
    .execute();
  await db.schema
    .createTable('email_merge_suggestions')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('account_id', id, (c) => c.notNull())
    .addColumn('contact_id', id, (c) => c.notNull())
    .addColumn('candidate_id', id, (c) => c.notNull())
    .addColumn('address', text, (c) => c.notNull())
    .addColumn('reason', text, (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addUniqueConstraint('email_merge_suggestions_once', ['contact_id', 'candidate_id'])
    .execute();
  await db.schema
    .createIndex('email_merge_suggestions_account')
    .on('email_merge_suggestions')
    .columns(['account_id', 'created_at'])
    .execute();
}

async function rawMail(db: Kysely<any>, { id, text, ts }: MigrationHelpers): Promise<void> {
  await db.schema
    .createTable('email_contact_keys')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('account_id', id, (c) => c.notNull())
    .addColumn('contact_id', id, (c) => c.notNull())
    .addColumn('sealed_key', text, (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addUniqueConstraint('email_contact_keys_contact', ['contact_id'])
    .execute();
  await db.schema
    .createTable('email_raw_mail')
    .addColumn('message_id', id, (c) => c.primaryKey())
    .addColumn('account_id', id, (c) => c.notNull())
    .addColumn('contact_id', id, (c) => c.notNull())
    .addColumn('key_id', id, (c) => c.notNull())
    .addColumn('wrapped_key', text, (c) => c.notNull())
    .addColumn('storage_key', text, (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('email_raw_mail_contact')
    .on('email_raw_mail')
    .columns(['contact_id'])
    .execute();
}
