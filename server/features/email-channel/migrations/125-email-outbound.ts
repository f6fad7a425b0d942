import type { Kysely } from 'kysely';
import type { MigrationHelpers } from '../../../core/db/migrations/helpers.ts';

/**
 * Email channel, outbound: each email inbox's SMTP relay (secrets sealed), and the outbox: one row
 * per outgoing message with its delivery state, attempts and the relay's last answer.
 */
export async function up(db: Kysely<any>, h: MigrationHelpers): Promise<void> {
  await smtpSettings(db, h);
  await outbox(db, h);
}

async function smtpSettings(db: Kysely<any>, { id, text, ts }: MigrationHelpers): Promise<void> {
  await db.schema
    .createTable('email_smtp_settings')
    .addColumn('inbox_id', id, (c) => c.primaryKey())
    .addColumn('account_id', id, (c) => c.notNull())
    .addColumn('host', text, (c) => c.notNull())
    .addColumn('port', 'integer', (c) => c.notNull())
    .addColumn('security', text, (c) => c.notNull())
    .addColumn('username', text)
    .addColumn('password_sealed', text)
    .addColumn('from_address', text, (c) => c.notNull())
    .addColumn('from_name', text)
    .addColumn('dkim_domain', text)
    .addColumn('dkim_selector', text)
    .addColumn('dkim_key_sealed', text)
    .addColumn('quote_history', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
}

async function outbox(db: Kysely<any>, { id, text, ts }: MigrationHelpers): Promise<void> {
  await db.schema
    .createTable('email_outbox')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('account_id', id, (c) => c.notNull())
    .addColumn('inbox_id', id, (c) => c.notNull())
    .addColumn('conversation_id', id, (c) => c.notNull())
    .addColumn('message_id', id, (c) => c.notNull())
    .addColumn('state', text, (c) => c.notNull())
    .addColumn('automatic', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('recipient', text, (c) => c.notNull())
    .addColumn('rfc_message_id', text, (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', ts)
    .addColumn('claimed_until', ts)
    .addColumn('last_response', text)
    .addColumn('last_code', text)
    .addColumn('warning', text)
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('sent_at', ts)
    .addUniqueConstraint('email_outbox_message', ['message_id'])
    .execute();
  // The retry timer's scan: what is due (pending and deferred rows only).
  await db.schema
    .createIndex('email_outbox_due')
    .on('email_outbox')
    .columns(['state', 'next_attempt_at'])
    .execute();
  // The admins' list of failed mails.
  await db.schema
    .createIndex('email_outbox_account_state')
    .on('email_outbox')
    .columns(['account_id', 'state', 'updated_at'])
    .execute();
}
