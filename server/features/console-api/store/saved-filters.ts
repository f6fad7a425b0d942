/** Reads of saved filters (table `saved_filters`). */
import type { Executor } from '../../../core/db/client.ts';

/** A user's saved filters, by name. */
export async function savedFiltersOf(db: Executor, accountId: string, userId: string) {
  return db
    .selectFrom('saved_filters')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('user_id', '=', userId)
    .orderBy('name')
    .execute();
}
