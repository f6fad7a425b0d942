/** Business-hours side of an inbox's availability (registered as a kit availability rule by feature.ts). */
import type { Executor } from '../../core/db/client.ts';
import type { InboxAvailability } from '../../core/kit/contracts.ts';
import { isOpen, nextOpenAt } from './domain/business-hours.ts';
import { settingsFor } from './store/settings.ts';

/** `out_of_hours` availability when the inbox is closed now, otherwise null. */
export async function outOfHours(
  db: Executor,
  accountId: string,
  inboxId: string,
  now: number,
): Promise<InboxAvailability | null> {
  const hours = (await settingsFor(db, accountId, { inboxId })).businessHours;
  if (isOpen(now, hours)) return null;
  return { online: false, reason: 'out_of_hours', nextOpenAt: nextOpenAt(now, hours) };
}
