/** Auto-away: online agents inactive longer than the account's autoAwayMinutes become away. */
import { execute } from '../../../core/commands/context.ts';
import { systemActor } from '../../../core/policies/actor.ts';
import type { Services } from '../../../core/services.ts';
import { settingsFor } from '../store/settings.ts';

export async function autoAway(services: Services): Promise<number> {
  const db = services.database.db;
  const now = services.clock.now();
  const accounts = await db
    .selectFrom('routing_settings')
    .select('account_id')
    .where('scope', '=', 'account')
    .execute();
  let changed = 0;
  for (const { account_id } of accounts) {
    const minutes = (await settingsFor(db, account_id)).autoAwayMinutes;
    if (!minutes) continue;
    const cutoff = now - minutes * 60_000;
    const idle = await db
      .selectFrom('users')
      .leftJoin('routing_agents', 'routing_agents.user_id', 'users.id')
      .select('users.id')
      .where('users.account_id', '=', account_id)
      .where('users.availability', '=', 'online')
      .where('users.disabled_at', 'is', null)
      .where((eb) =>
        eb.or([
          eb('routing_agents.last_active_at', '<', cutoff),
          eb.and([
            eb('routing_agents.last_active_at', 'is', null),
            eb('users.updated_at', '<', cutoff),
          ]),
        ]),
      )
      .execute();
    for (const u of idle) {
      changed += await execute(
        services,
        systemActor(account_id, 'auto-away'),
        async (ctx) => {
          const res = await ctx.tx
            .updateTable('users')
            .set({ availability: 'away', updated_at: ctx.now })
            .where('id', '=', u.id)
            .where('availability', '=', 'online')
            .executeTakeFirst();
          if (!Number(res.numUpdatedRows)) return 0;
          await ctx.events.record('user.availability_changed', {
            userId: u.id,
            availability: 'away',
            previous: 'online',
          });
          return 1;
        },
        null,
      );
    }
  }
  return changed;
}
