import type { Kysely } from 'kysely';
import type { MigrationHelpers } from '../../../core/db/migrations/helpers.ts';

/** Knowledge base: categories, articles (locale variants linked by translation group), versions, feedback, gap loop. */
export async function up(db: Kysely<any>, h: MigrationHelpers): Promise<void> {
  const { ts, id, text, json } = h;
  await db.schema
    .createTable('kb_categories')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('account_id', id, (c) => c.notNull())
    .addColumn('parent_id', id)
    .addColumn('names', json, (c) => c.notNull())
    .addColumn('descriptions', json, (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('kb_categories_account')
    .on('kb_categories')
    .columns(['account_id', 'position'])
    .execute();

  await db.schema
    .createTable('kb_articles')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('account_id', id, (c) => c.notNull())
    .addColumn('translation_group_id', id, (c) => c.notNull())
    .addColumn('locale', text, (c) => c.notNull())
    .addColumn('title', text, (c) => c.notNull())
    .addColumn('answer', text, (c) => c.notNull())
    .addColumn('body', text, (c) => c.notNull())
    .addColumn('similar_questions', json, (c) => c.notNull())
    .addColumn('keywords', json, (c) => c.notNull())
    .addColumn('tags', json, (c) => c.notNull())
    .addColumn('category_id', id)
    .addColumn('status', text, (c) => c.notNull())
    .addColumn('inbox_ids', json)
    .addColumn('owner_id', id)
    .addColumn('review_by', ts)
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('popularity', 'integer', (c) => c.notNull())
    .addColumn('helpful_count', 'integer', (c) => c.notNull())
    .addColumn('unhelpful_count', 'integer', (c) => c.notNull())
    .addColumn('published_at', ts)
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addUniqueConstraint('kb_articles_translation', [
      'account_id',
      'translation_group_id',
      'locale',
    ])
    .execute();
  await db.schema
    .createIndex('kb_articles_account')
    .on('kb_articles')
    .columns(['account_id', 'status', 'locale'])
    .execute();

  await db.schema
    .createTable('kb_article_versions')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('account_id', id, (c) => c.notNull())
    .addColumn('article_id', id, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('snapshot', json, (c) => c.notNull())
    .addColumn('action', text, (c) => c.notNull())
    .addColumn('author_id', id)
    .addColumn('author_name', text)
    .addColumn('created_at', ts, (c) => c.notNull())
    .addUniqueConstraint('kb_versions_unique', ['article_id', 'version'])
    .execute();

  await db.schema
    .createTable('kb_feedback')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('account_id', id, (c) => c.notNull())
    .addColumn('article_id', id, (c) => c.notNull())
    .addColumn('helpful', 'integer', (c) => c.notNull())
    .addColumn('comment', text)
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('kb_feedback_article')
    .on('kb_feedback')
    .columns(['account_id', 'article_id'])
    .execute();

  await db.schema
    .createTable('kb_gap_topics')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('account_id', id, (c) => c.notNull())
    .addColumn('label', text, (c) => c.notNull())
    .addColumn('centroid', json, (c) => c.notNull())
    .addColumn('status', text, (c) => c.notNull())
    .addColumn('article_id', id)
    .addColumn('article_published_at', ts)
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('kb_gap_topics_account')
    .on('kb_gap_topics')
    .columns(['account_id', 'status'])
    .execute();

  await db.schema
    .createTable('kb_questions')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('account_id', id, (c) => c.notNull())
    .addColumn('event_key', text, (c) => c.notNull())
    .addColumn('conversation_id', id, (c) => c.notNull())
    .addColumn('question_message_id', id)
    .addColumn('reply_message_id', id)
    .addColumn('question', text, (c) => c.notNull())
    .addColumn('outcome', text, (c) => c.notNull())
    .addColumn('article_ids', json, (c) => c.notNull())
    .addColumn('is_gap', 'integer', (c) => c.notNull())
    .addColumn('helpful', 'integer')
    .addColumn('topic_id', id)
    .addColumn('created_at', ts, (c) => c.notNull())
    .addUniqueConstraint('kb_questions_event', ['account_id', 'event_key'])
    .execute();
  await db.schema
    .createIndex('kb_questions_topic')
    .on('kb_questions')
    .columns(['account_id', 'topic_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('kb_questions_reply')
    .on('kb_questions')
    .columns(['account_id', 'reply_message_id'])
    .execute();
  await db.schema
    .createIndex('kb_questions_conv')
    .on('kb_questions')
    .columns(['account_id', 'conversation_id', 'created_at'])
    .execute();
}
