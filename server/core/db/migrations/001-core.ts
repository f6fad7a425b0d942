import type { Kysely } from 'kysely';
import type { MigrationHelpers } from './helpers.ts';

/** Core schema: tenancy, identity, inbox, contacts, conversations, messages, outbox. */
export async function up(db: Kysely<any>, h: MigrationHelpers): Promise<void> {
  const { ts, id, text, json } = h;
  await db.schema
    .createTable('accounts')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('name', text, (c) => c.notNull())
    .addColumn('slug', text, (c) => c.notNull().unique())
    .addColumn('locale', text, (c) => c.notNull())
    .addColumn('settings', json, (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('account_id', id, (c) => c.notNull().references('accounts.id'))
    .addColumn('email', text, (c) => c.notNull().unique())
    .addColumn('name', text, (c) => c.notNull())
    .addColumn('password_hash', text, (c) => c.notNull())
    .addColumn('role', text, (c) => c.notNull())
    .addColumn('locale', text, (c) => c.notNull())
    .addColumn('availability', text, (c) => c.notNull())
    .addColumn('avatar_url', text)
    .addColumn('preferences', json, (c) => c.notNull())
    .addColumn('password_changed_at', ts, (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('disabled_at', ts)
    .execute();
  await db.schema.createIndex('users_account').on('users').columns(['account_id']).execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('user_id', id, (c) => c.notNull())
    .addColumn('account_id', id, (c) => c.notNull())
    .addColumn('csrf_token', text, (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('expires_at', ts, (c) => c.notNull())
    .addColumn('last_seen_at', ts, (c) => c.notNull())
    .addColumn('user_agent', text)
    .execute();
  await db.schema.createIndex('sessions_user').on('sessions').columns(['user_id']).execute();

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('account_id', id, (c) => c.notNull())
    .addColumn('user_id', id, (c) => c.notNull())
    .addColumn('name', text, (c) => c.notNull())
    .addColumn('token_hash', text, (c) => c.notNull().unique())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('last_used_at', ts)
    .addColumn('revoked_at', ts)
    .execute();

  await db.schema
    .createTable('inboxes')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('account_id', id, (c) => c.notNull())
    .addColumn('name', text, (c) => c.notNull())
    .addColumn('channel_type', text, (c) => c.notNull())
    .addColumn('public_token', text, (c) => c.notNull().unique())
    .addColumn('hmac_secret', text, (c) => c.notNull())
    .addColumn('settings', json, (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('inboxes_account').on('inboxes').columns(['account_id']).execute();
  await db.schema
    .createTable('inbox_members')
    .addColumn('inbox_id', id, (c) => c.notNull())
    .addColumn('user_id', id, (c) => c.notNull())
    .addColumn('account_id', id, (c) => c.notNull())
    .addPrimaryKeyConstraint('inbox_members_pk', ['inbox_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('teams')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('account_id', id, (c) => c.notNull())
    .addColumn('name', text, (c) => c.notNull())
    .addColumn('description', text, (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addUniqueConstraint('teams_name', ['account_id', 'name'])
    .execute();
  await db.schema
    .createTable('team_members')
    .addColumn('team_id', id, (c) => c.notNull())
    .addColumn('user_id', id, (c) => c.notNull())
    .addColumn('account_id', id, (c) => c.notNull())
    .addPrimaryKeyConstraint('team_members_pk', ['team_id', 'user_id'])
    .execute();
  await db.schema
    .createTable('labels')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('account_id', id, (c) => c.notNull())
    .addColumn('name', text, (c) => c.notNull())
    .addColumn('color', text, (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addUniqueConstraint('labels_name', ['account_id', 'name'])
    .execute();
  await db.schema
    .createTable('canned_responses')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('account_id', id, (c) => c.notNull())
    .addColumn('short_code', text, (c) => c.notNull())
    .addColumn('content', text, (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addUniqueConstraint('canned_code', ['account_id', 'short_code'])
    .execute();

  await db.schema
    .createTable('contacts')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('account_id', id, (c) => c.notNull())
    .addColumn('name', text)
    .addColumn('email', text)
    .addColumn('phone', text)
    .addColumn('attributes', json, (c) => c.notNull())
    .addColumn('merged_into_id', id)
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('last_seen_at', ts)
    .execute();
  await db.schema
    .createIndex('contacts_account')
    .on('contacts')
    .columns(['account_id', 'updated_at'])
    .execute();
  await db.schema
    .createTable('contact_identities')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('account_id', id, (c) => c.notNull())
    .addColumn('contact_id', id, (c) => c.notNull())
    .addColumn('kind', text, (c) => c.notNull())
    .addColumn('value', text, (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addUniqueConstraint('identity_unique', ['account_id', 'kind', 'value'])
    .execute();
  await db.schema
    .createIndex('identities_contact')
    .on('contact_identities')
    .columns(['contact_id'])
    .execute();

  await db.schema
    .createTable('conversations')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('account_id', id, (c) => c.notNull())
    .addColumn('inbox_id', id, (c) => c.notNull())
    .addColumn('contact_id', id, (c) => c.notNull())
    .addColumn('display_id', 'integer', (c) => c.notNull())
    .addColumn('status', text, (c) => c.notNull())
    .addColumn('snoozed_until', ts)
    .addColumn('priority', text, (c) => c.notNull())
    .addColumn('assignee_id', id)
    .addColumn('team_id', id)
    .addColumn('mode', text, (c) => c.notNull())
    .addColumn('last_seq', 'integer', (c) => c.notNull())
    .addColumn('last_message_id', id)
    .addColumn('last_message_at', ts)
    .addColumn('last_incoming_at', ts)
    .addColumn('waiting_since', ts)
    .addColumn('contact_last_read_seq', 'integer', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('resolved_at', ts)
    .addUniqueConstraint('conversations_display', ['account_id', 'display_id'])
    .execute();
  for (const cols of [
    ['account_id', 'updated_at'],
    ['account_id', 'status', 'updated_at'],
    ['account_id', 'assignee_id', 'updated_at'],
    ['account_id', 'inbox_id', 'updated_at'],
    ['account_id', 'team_id', 'updated_at'],
    ['contact_id', 'updated_at'],
  ]) {
    await db.schema
      .createIndex(`conversations_by_${cols.join('_')}`)
      .on('conversations')
      .columns(cols)
      .execute();
  }
  await db.schema
    .createTable('conversation_labels')
    .addColumn('conversation_id', id, (c) => c.notNull())
    .addColumn('label_id', id, (c) => c.notNull())
    .addColumn('account_id', id, (c) => c.notNull())
    .addPrimaryKeyConstraint('conversation_labels_pk', ['conversation_id', 'label_id'])
    .execute();
  await db.schema
    .createIndex('conversation_labels_label')
    .on('conversation_labels')
    .columns(['label_id'])
    .execute();
  await db.schema
    .createTable('conversation_reads')
    .addColumn('conversation_id', id, (c) => c.notNull())
    .addColumn('user_id', id, (c) => c.notNull())
    .addColumn('account_id', id, (c) => c.notNull())
    .addColumn('last_read_seq', 'integer', (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('conversation_reads_pk', ['conversation_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('messages')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('account_id', id, (c) => c.notNull())
    .addColumn('conversation_id', id, (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('message_type', text, (c) => c.notNull())
    .addColumn('sender_type', text, (c) => c.notNull())
    .addColumn('sender_id', id)
    .addColumn('content', text, (c) => c.notNull())
    .addColumn('content_attributes', json, (c) => c.notNull())
    .addColumn('client_message_id', text)
    .addColumn('idempotency_key', text)
    .addColumn('external_id', text)
    .addColumn('status', text, (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addUniqueConstraint('messages_seq', ['conversation_id', 'seq'])
    .addUniqueConstraint('messages_idempotency', ['account_id', 'idempotency_key'])
    .execute();
  await db.schema
    .createIndex('messages_account_created')
    .on('messages')
    .columns(['account_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('attachments')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('account_id', id, (c) => c.notNull())
    .addColumn('message_id', id)
    .addColumn('uploader_type', text, (c) => c.notNull())
    .addColumn('uploader_id', id, (c) => c.notNull())
    .addColumn('file_name', text, (c) => c.notNull())
    .addColumn('content_type', text, (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('storage_key', text, (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('attachments_message')
    .on('attachments')
    .columns(['message_id'])
    .execute();

  await db.schema
    .createTable('events')
    .addColumn('id', h.serial, (c) => c.primaryKey().$call(h.autoIncrement))
    .addColumn('account_id', id, (c) => c.notNull())
    .addColumn('type', text, (c) => c.notNull())
    .addColumn('conversation_id', id)
    .addColumn('payload', json, (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('dispatched_at', ts)
    .execute();
  await db.schema
    .createIndex('events_account')
    .on('events')
    .columns(['account_id', 'id'])
    .execute();
  await db.schema
    .createIndex('events_pending')
    .on('events')
    .columns(['dispatched_at', 'id'])
    .execute();

  await db.schema
    .createTable('account_counters')
    .addColumn('account_id', id, (c) => c.notNull())
    .addColumn('name', text, (c) => c.notNull())
    .addColumn('value', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('account_counters_pk', ['account_id', 'name'])
    .execute();
}
