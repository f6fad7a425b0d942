/**
 * Which email inbox an address names (its address, an alias, or a plus-address of one), across
 * accounts, for the SMTP listener's RCPT check. Read from `inboxes.settings.email`, cached briefly
 * per server (a settings change on this node clears it). An address claimed twice goes to the
 * older inbox only (the settings route refuses a second claim).
 */
import type { Executor } from '../../../core/db/client.ts';
import { parseJson } from '../../../core/presenters/index.ts';
import { splitPlus } from '../domain/addresses.ts';
import { emailSettingsOf, inboxAddresses, type EmailSettings } from '../domain/settings.ts';

export interface EmailInboxRow {
  id: string;
  accountId: string;
  settings: EmailSettings;
}

const TTL_MS = 5_000;
const caches = new WeakMap<object, { at: number; map: Map<string, EmailInboxRow> }>();

/** Every email inbox (of one account, when given), oldest first. */
export async function loadEmailInboxes(db: Executor, accountId?: string): Promise<EmailInboxRow[]> {
  let q = db
    .selectFrom('inboxes')
    .select(['id', 'account_id', 'settings', 'created_at'])
    .where('channel_type', '=', 'email');
  if (accountId) q = q.where('account_id', '=', accountId);
  const rows = await q.orderBy('created_at').orderBy('id').execute();
  return rows.map((r) => ({
    id: r.id,
    accountId: r.account_id,
    settings: emailSettingsOf(parseJson<Record<string, unknown>>(r.settings, {})),
  }));
}

async function directory(db: Executor, now: number): Promise<Map<string, EmailInboxRow>> {
  const cached = caches.get(db);
  if (cached && now - cached.at < TTL_MS) return cached.map;
  const map = new Map<string, EmailInboxRow>();
  for (const inbox of await loadEmailInboxes(db))
    for (const a of inboxAddresses(inbox.settings)) if (!map.has(a)) map.set(a, inbox);
  caches.set(db, { at: now, map });
  return map;
}

export function forgetInboxDirectory(db: Executor): void {
  caches.delete(db);
}

/** The inbox an address (or its plus-address base) names, or null. */
export async function inboxForAddress(
  db: Executor,
  address: string,
  now = Date.now(),
): Promise<EmailInboxRow | null> {
  const map = await directory(db, now);
  const { base } = splitPlus(address);
  return map.get(address.toLowerCase()) ?? map.get(base) ?? null;
}
