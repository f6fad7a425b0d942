/**
 * Routing configuration read on every event (settings layers, SLA policies, automation rules), cached
 * per account (see lib/account-cache.ts: other nodes' changes show within the ttl). Every write of
 * that configuration calls `routingConfigChanged` inside its transaction and again after it settled,
 * so a read in between cannot keep an uncommitted or rolled-back version.
 */
import { AccountCache } from '../../../core/lib/account-cache.ts';

const caches: Array<AccountCache<unknown>> = [];

export function configCache<T>(): AccountCache<T> {
  const c = new AccountCache<T>();
  caches.push(c as AccountCache<unknown>);
  return c;
}

export function routingConfigChanged(accountId: string): void {
  for (const c of caches) c.invalidate(accountId);
}

/** Runs a configuration write and invalidates the account's cached configuration after it settled. */
export async function changingConfig<T>(accountId: string, write: Promise<T>): Promise<T> {
  try {
    return await write;
  } finally {
    routingConfigChanged(accountId);
  }
}
