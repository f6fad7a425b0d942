/** Reading (cached per account, on the message path) and writing the account's redaction settings. */
import type { Executor } from '../../../core/db/client.ts';
import { AccountCache } from '../../../core/lib/account-cache.ts';
import { type RedactionSettings, settingsFrom } from '../domain/settings.ts';

export interface AccountRedaction {
  settings: RedactionSettings;
  locale: string | null;
}

const cache = new AccountCache<AccountRedaction>(5_000);

export async function loadRedaction(db: Executor, accountId: string): Promise<AccountRedaction> {
  const row = await db
    .selectFrom('accounts as a')
    .leftJoin('redaction_settings as r', 'r.account_id', 'a.id')
    .select(['a.locale', 'r.settings'])
    .where('a.id', '=', accountId)
    .executeTakeFirst();
  return { settings: settingsFrom(row?.settings), locale: row?.locale ?? null };
}

/** The settings as the message path reads them: cached a few seconds, invalidated on write. */
export function cachedRedaction(db: Executor, accountId: string): Promise<AccountRedaction> {
  return cache.get(accountId, () => loadRedaction(db, accountId), { inTransaction: true });
}

export async function saveSettings(
  db: Executor,
  accountId: string,
  settings: RedactionSettings,
  now: number,
): Promise<void> {
  const json = JSON.stringify(settings);
  await db
    .insertInto('redaction_settings')
    .values({ account_id: accountId, settings: json, updated_at: now })
    .onConflict((oc) => oc.column('account_id').doUpdateSet({ settings: json, updated_at: now }))
    .execute();
  cache.invalidate(accountId);
}

export const invalidateRedaction = (accountId: string) => cache.invalidate(accountId);
