/**
 * Auto-away: online agents inactive longer than the account's autoAwayMinutes (default
 * DEFAULT_AUTO_AWAY_MINUTES, off with an explicit null) become away. Activity: coming online, a
 * reply or note (routing_agents.last_active_at), a heartbeat, opening a conversation or typing in the
 * console (core/realtime/agent-presence.ts).
 */
import { execute } from '../../../core/commands/context.ts';
import { systemActor } from '../../../core/policies/actor.ts';
import { agentPresence } from '../../../core/realtime/agent-presence.ts';
import type { Services } from '../../../core/services.ts';
import { settingsFor } from '../store/settings.ts';
import { onlineByAccount, setAvailability } from './presence-sweep.ts';

export async function autoAway(services: Services): Promise<number> {
  const db = services.database.db;
  const now = services.clock.now();
  let changed = 0;
  for (const [accountId, users] of await onlineByAccount(db, ['online'])) {
    const minutes = (await settingsFor(db, accountId)).autoAwayMinutes;
    if (!minutes) continue;
    const cutoff = now - minutes * 60_000;
    const idle = users.filter((u) => (u.lastActiveAt ?? u.updatedAt) < cutoff);
    if (!idle.length) continue;
    const presence = await agentPresence(services, accountId);
    for (const u of idle) {
      if ((presence.get(u.id)?.activeAt ?? 0) >= cutoff) continue;
      changed += await execute(
        services,
        systemActor(accountId, 'auto-away'),
        (ctx) => setAvailability(ctx, u.id, 'online', 'away', 'inactive'),
        null,
      );
    }
  }
  return changed;
}
