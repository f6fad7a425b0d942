import { sql, type Kysely } from 'kysely';
import type { MigrationHelpers } from '../../../core/db/migrations/helpers.ts';
import { normalizeLocale } from '../../../../shared/i18n.ts';

/**
 * Canned responses get one text per language (`texts`, JSON). An existing response keeps its text
 * as the text of its account's default language only: it was written once, often in that language
 * or in two at once ("您好… / Hi…"), and cannot be split reliably. Customers of another language
 * get it too (a missing language falls back to the account's), and the settings page shows the
 * other language as missing, so an admin writes it.
 */
export async function up(db: Kysely<any>, h: MigrationHelpers): Promise<void> {
  await db.schema
    .alterTable('canned_responses')
    .addColumn('texts', h.json, (c) => c.notNull().defaultTo(sql`'{}'`))
    .execute();
  await backfillTexts(db);
}

/** Rows without texts get their `content` as the text of the account's language. */
export async function backfillTexts(db: Kysely<any>): Promise<number> {
  const rows: Array<{ id: string; content: string; locale: string | null }> = await db
    .selectFrom('canned_responses as r')
    .leftJoin('accounts as a', 'a.id', 'r.account_id')
    .select(['r.id', 'r.content', 'a.locale'])
    .where('r.texts', '=', '{}')
    .execute();
  for (const r of rows) {
    const texts = { [normalizeLocale(r.locale) ?? 'zh-CN']: r.content };
    await db
      .updateTable('canned_responses')
      .set({ texts: JSON.stringify(texts) })
      .where('id', '=', r.id)
      .execute();
  }
  return rows.length;
}
