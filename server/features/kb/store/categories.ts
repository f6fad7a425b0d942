/** Read queries of the category tree. */
import type { Executor } from '../../../core/db/client.ts';

/** Every category of the account, flat, in display order. */
export function listCategories(db: Executor, accountId: string) {
  return db
    .selectFrom('kb_categories')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('position')
    .orderBy('id')
    .execute();
}
