/** Profile reads: a user's avatar URL, the account profile. */
import type { Executor } from '../../../core/db/client.ts';

/** The user's id and avatar URL, in this account only. */
export async function userAvatar(db: Executor, accountId: string, userId: string) {
  return db
    .selectFrom('users')
    .select(['id', 'avatar_url'])
    .where('account_id', '=', accountId)
    .where('id', '=', userId)
    .executeTakeFirst();
}

export async function accountProfile(db: Executor, accountId: string) {
  return db
    .selectFrom('accounts')
    .select(['id', 'name', 'slug', 'locale'])
    .where('id', '=', accountId)
    .executeTakeFirst();
}
