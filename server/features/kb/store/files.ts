/** Read queries of article images. */
import type { Executor } from '../../../core/db/client.ts';

/** An image of the account with this help-center slug (storage key and type), if any. */
export function publicImage(db: Executor, slug: string, id: string) {
  return db
    .selectFrom('kb_files')
    .innerJoin('accounts', 'accounts.id', 'kb_files.account_id')
    .select(['kb_files.storage_key', 'kb_files.content_type'])
    .where('accounts.slug', '=', slug)
    .where('kb_files.id', '=', id)
    .executeTakeFirst();
}
