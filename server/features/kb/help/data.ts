/** Reads what the public help center shows: only published articles of one account. */
import type { Kysely, SelectQueryBuilder } from 'kysely';
import type { DB } from '../../../core/db/types.ts';
import type { KbArticlesTable, KbCategoriesTable } from '../tables.ts';
import { parseJson } from '../../../core/presenters/index.ts';

export interface HelpAccount {
  id: string;
  name: string;
  slug: string;
  locale: string;
  customDomain: string | null;
  inboxToken: string | null;
  inboxId: string | null;
}

export interface HelpSettings {
  helpCenter?: { customDomain?: string; inboxId?: string; enabled?: boolean };
}

export async function accountBySlug(db: Kysely<DB>, slug: string): Promise<HelpAccount | null> {
  const a = await db
    .selectFrom('accounts')
    .select(['id', 'name', 'slug', 'locale', 'settings'])
    .where('slug', '=', slug)
    .executeTakeFirst();
  if (!a) return null;
  const hc = parseJson<HelpSettings>(a.settings, {}).helpCenter ?? {};
  if (hc.enabled === false) return null;
  let q = db
    .selectFrom('inboxes')
    .select(['id', 'public_token'])
    .where('account_id', '=', a.id)
    .where('channel_type', '=', 'web_widget');
  if (hc.inboxId) q = q.where('id', '=', hc.inboxId);
  const inbox = await q.orderBy('created_at').limit(1).executeTakeFirst();
  return {
    id: a.id,
    name: a.name,
    slug: a.slug,
    locale: a.locale,
    customDomain: hc.customDomain?.toLowerCase() ?? null,
    inboxToken: inbox?.public_token ?? null,
    inboxId: inbox?.id ?? null,
  };
}

/** Custom domains of every account (Host mapping); small, read once and refreshed by the cache TTL. */
export async function customDomains(db: Kysely<DB>): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('accounts')
    .select(['slug', 'settings'])
    .where('settings', 'like', '%customDomain%')
    .execute();
  const map = new Map<string, string>();
  for (const r of rows) {
    const d = parseJson<HelpSettings>(r.settings, {}).helpCenter?.customDomain?.toLowerCase();
    if (d) map.set(d, r.slug);
  }
  return map;
}

/** Public = published, of this account, and visible in the help center's inbox (or in every inbox). */
export function publicOnly<Q extends SelectQueryBuilder<DB, 'kb_articles', any>>(
  q: Q,
  account: Pick<HelpAccount, 'id' | 'inboxId'>,
): Q {
  return q
    .where('kb_articles.account_id', '=', account.id)
    .where('kb_articles.status', '=', 'published')
    .where((eb) =>
      account.inboxId
        ? eb.or([
            eb('kb_articles.inbox_ids', 'is', null),
            eb('kb_articles.inbox_ids', 'like', `%"${account.inboxId}"%`),
          ])
        : eb('kb_articles.inbox_ids', 'is', null),
    ) as Q;
}

export type PublicArticle = Pick<
  KbArticlesTable,
  | 'id'
  | 'translation_group_id'
  | 'locale'
  | 'title'
  | 'answer'
  | 'body'
  | 'category_id'
  | 'popularity'
  | 'helpful_count'
  | 'updated_at'
>;
const ARTICLE_COLS = [
  'id',
  'translation_group_id',
  'locale',
  'title',
  'answer',
  'body',
  'category_id',
  'popularity',
  'helpful_count',
  'updated_at',
] as const;

export async function publishedLocales(db: Kysely<DB>, account: HelpAccount): Promise<string[]> {
  const rows = await publicOnly(
    db.selectFrom('kb_articles').select('locale').distinct(),
    account,
  ).execute();
  return rows.map((r) => r.locale).sort();
}

export async function publishedArticles(
  db: Kysely<DB>,
  account: HelpAccount,
  locale: string,
): Promise<PublicArticle[]> {
  return publicOnly(db.selectFrom('kb_articles').select(ARTICLE_COLS), account)
    .where('locale', '=', locale)
    .orderBy('title')
    .execute();
}

export async function publishedArticle(
  db: Kysely<DB>,
  account: HelpAccount,
  id: string,
): Promise<PublicArticle | undefined> {
  return publicOnly(db.selectFrom('kb_articles').select(ARTICLE_COLS), account)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function translationsOf(
  db: Kysely<DB>,
  account: HelpAccount,
  groupId: string,
): Promise<Array<{ id: string; locale: string }>> {
  return publicOnly(db.selectFrom('kb_articles').select(['id', 'locale']), account)
    .where('translation_group_id', '=', groupId)
    .orderBy('locale')
    .execute();
}

export async function categoriesOf(
  db: Kysely<DB>,
  accountId: string,
): Promise<KbCategoriesTable[]> {
  return db
    .selectFrom('kb_categories')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('position')
    .orderBy('id')
    .execute();
}
