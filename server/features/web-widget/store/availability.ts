/**
 * Whether a human can answer the widget now. Today: any enabled agent of the account is online.
 * Other features close the inbox through the kit's availability rules (routing: business hours,
 * out_of_hours + nextOpenAt).
 */
import type { CommandDeps } from '../../../core/commands/context.ts';
import type { InboxAvailability } from '../../../core/kit/contracts.ts';
import { closedBecause } from '../../../core/kit/availability-registry.ts';

export async function inboxAvailability(
  deps: CommandDeps,
  accountId: string,
  inboxId: string,
  now: number,
): Promise<InboxAvailability> {
  const closed = await closedBecause(deps.database.db, accountId, inboxId, now);
  if (closed) return closed;
  const row = await deps.database.db
    .selectFrom('users')
    .select('id')
    .where('account_id', '=', accountId)
    .where('availability', '=', 'online')
    .where('disabled_at', 'is', null)
    .limit(1)
    .executeTakeFirst();
  return row
    ? { online: true, reason: 'agents_online', nextOpenAt: null }
    : { online: false, reason: 'no_agents_online', nextOpenAt: null };
}
