import type { Kysely } from 'kysely';
import type { MigrationHelpers } from './helpers.ts';

/**
 * "Has an agent replied before this customer message?" (SLA) and "the customer's last message"
 * (automation facts) filter a conversation's messages by type: with only (conversation_id, seq) they
 * scanned the whole conversation, so each message cost more the longer the chat. One more index
 * entry per message makes both a single index probe.
 */
export async function up(db: Kysely<any>, _h: MigrationHelpers): Promise<void> {
  await db.schema
    .createIndex('messages_by_conversation_type_seq')
    .on('messages')
    .columns(['conversation_id', 'message_type', 'seq'])
    .execute();
}
