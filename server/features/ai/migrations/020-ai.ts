import type { Kysely } from 'kysely';
import type { MigrationHelpers } from '../../../core/db/migrations/helpers.ts';

/**
 * AI runtime tables: per-message analyses, the per-conversation affect summary, bot turns (every bot
 * decision with its candidates), visitor feedback on bot answers, and the per-account LLM provider.
 */
export async function up(db: Kysely<any>, h: MigrationHelpers): Promise<void> {
  const { ts, id, text, json } = h;
  const real = 'real' as const;
  await db.schema
    .createTable('message_analyses')
    .addColumn('message_id', id, (c) => c.primaryKey())
    .addColumn('account_id', id, (c) => c.notNull())
    .addColumn('conversation_id', id, (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('language', text, (c) => c.notNull())
    .addColumn('sentiment_label', text, (c) => c.notNull())
    .addColumn('sentiment_score', real, (c) => c.notNull())
    .addColumn('emotion_label', text, (c) => c.notNull())
    .addColumn('emotion_intensity', real, (c) => c.notNull())
    .addColumn('emotion_scores', json, (c) => c.notNull())
    .addColumn('intent_label', text)
    .addColumn('intent_confidence', real)
    .addColumn('human_request', 'integer', (c) => c.notNull())
    .addColumn('pii_types', json, (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('message_analyses_conversation')
    .on('message_analyses')
    .columns(['conversation_id', 'seq'])
    .execute();

  await db.schema
    .createTable('conversation_ai')
    .addColumn('conversation_id', id, (c) => c.primaryKey())
    .addColumn('account_id', id, (c) => c.notNull())
    .addColumn('last_message_id', id, (c) => c.notNull())
    .addColumn('language', text, (c) => c.notNull())
    .addColumn('emotion_label', text, (c) => c.notNull())
    .addColumn('emotion_intensity', real, (c) => c.notNull())
    .addColumn('trend', text, (c) => c.notNull())
    .addColumn('anger', real, (c) => c.notNull())
    .addColumn('sentiment_label', text, (c) => c.notNull())
    .addColumn('sentiment_score', real, (c) => c.notNull())
    .addColumn('intent_label', text)
    .addColumn('intent_confidence', real)
    .addColumn('human_requested', 'integer', (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('bot_turns')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('account_id', id, (c) => c.notNull())
    .addColumn('conversation_id', id, (c) => c.notNull())
    .addColumn('question_message_id', id, (c) => c.notNull().unique())
    .addColumn('reply_message_id', id)
    .addColumn('action', text, (c) => c.notNull())
    .addColumn('reason', text, (c) => c.notNull())
    .addColumn('outcome', text, (c) => c.notNull())
    .addColumn('article_ids', json, (c) => c.notNull())
    .addColumn('confidence', real, (c) => c.notNull())
    .addColumn('candidates', json, (c) => c.notNull())
    .addColumn('source', text, (c) => c.notNull())
    .addColumn('resolved', 'integer')
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('bot_turns_conversation')
    .on('bot_turns')
    .columns(['conversation_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('bot_feedback')
    .addColumn('message_id', id, (c) => c.primaryKey())
    .addColumn('account_id', id, (c) => c.notNull())
    .addColumn('conversation_id', id, (c) => c.notNull())
    .addColumn('contact_id', id, (c) => c.notNull())
    .addColumn('helpful', 'integer', (c) => c.notNull())
    .addColumn('comment', text)
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('ai_providers')
    .addColumn('account_id', id, (c) => c.primaryKey())
    .addColumn('base_url', text, (c) => c.notNull())
    .addColumn('model', text, (c) => c.notNull())
    .addColumn('embedding_model', text)
    .addColumn('api_key_enc', text)
    .addColumn('timeout_ms', 'integer', (c) => c.notNull())
    .addColumn('budget_requests_per_day', 'integer', (c) => c.notNull())
    .addColumn('budget_tokens_per_day', 'integer', (c) => c.notNull())
    .addColumn('usage_day', text, (c) => c.notNull())
    .addColumn('used_requests', 'integer', (c) => c.notNull())
    .addColumn('used_tokens', 'integer', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
}
