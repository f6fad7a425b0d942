/**
 * Whether a human can answer the widget now. Today: any enabled agent of the account is online.
 * The routing feature adds business hours here (out_of_hours + nextOpenAt).
 */
import type { CommandDeps } from '../../core/commands/context.ts';
import type { InboxAvailability } from '../../core/kit/contracts.ts';
import { outOfHours } from '../routing/availability.ts';

export async function inboxAvailability(deps: CommandDeps, accountId: string, inboxId: string, now: number): Promise<InboxAvailability> {
  const closed = await outOfHours(deps.database.db, accountId, inboxId, now);
  if (closed) return closed;
  const row = await deps.database.db.selectFrom('users').select('id').where('account_id', '=', accountId)
    .where('availability', '=', 'online').where('disabled_at', 'is', null).limit(1).executeTakeFirst();
  return row ? { online: true, reason: 'agents_online', nextOpenAt: null } : { online: false, reason: 'no_agents_online', nextOpenAt: null };
}
