import { sql, type Kysely } from 'kysely';
import type { MigrationHelpers } from '../../../core/db/migrations/helpers.ts';

/**
 * Widget: custom attributes on conversations (JSON text, `{}` by default). The widget stores the
 * page context a chat was opened from here (`{context: {articleId, title, url, …}}`), shown to agents.
 */
export async function up(db: Kysely<any>, h: MigrationHelpers): Promise<void> {
  await db.schema
    .alterTable('conversations')
    .addColumn('custom_attributes', h.json, (c) => c.notNull().defaultTo(sql`'{}'`))
    .execute();
}
