/**
 * A closed console goes offline: an agent online or away with no agent socket open and no heartbeat
 * for longer than PRESENCE_TIMEOUT_SECONDS (core/config.ts, default 60; 0: off) is set offline by
 * the ticker, with `user.availability_changed` (reason `disconnected`), so routing stops assigning to
 * them and the widget and the supervisor view stop counting them. Their conversations stay theirs.
 * One tab left open keeps them as they are. Absence counts from the latest of: the last socket or
 * heartbeat seen (core/realtime/agent-presence.ts), their last activity or availability change, and
 * the moment this process could first tell (a restart waits for the sockets to reconnect).
 */
import type { CommandContext } from '../../../core/commands/context.ts';
import { execute } from '../../../core/commands/context.ts';
import type { Executor } from '../../../core/db/client.ts';
import type { Availability } from '../../../core/db/types.ts';
import { systemActor } from '../../../core/policies/actor.ts';
import { agentPresence, presenceWatchedSince } from '../../../core/realtime/agent-presence.ts';
import type { Services } from '../../../core/services.ts';

export interface PresentUser {
  id: string;
  availability: Availability;
  updatedAt: number;
  lastActiveAt: number | null;
}

/** Enabled users with one of these availabilities, per account. */
export async function onlineByAccount(
  db: Executor,
  availabilities: Availability[],
): Promise<Map<string, PresentUser[]>> {
  const rows = await db
    .selectFrom('users')
    .leftJoin('routing_agents', 'routing_agents.user_id', 'users.id')
    .select([
      'users.id',
      'users.account_id',
      'users.availability',
      'users.updated_at',
      'routing_agents.last_active_at',
    ])
    .where('users.availability', 'in', availabilities)
    .where('users.disabled_at', 'is', null)
    .execute();
  const out = new Map<string, PresentUser[]>();
  for (const r of rows) {
    const list = out.get(r.account_id) ?? [];
    list.push({
      id: r.id,
      availability: r.availability,
      updatedAt: Number(r.updated_at),
      lastActiveAt: r.last_active_at == null ? null : Number(r.last_active_at),
    });
    out.set(r.account_id, list);
  }
  return out;
}

/** Moves a user from one availability to another if still in the first; records the change. */
export async function setAvailability(
  ctx: CommandContext,
  userId: string,
  from: Availability,
  to: Availability,
  reason: 'inactive' | 'disconnected',
): Promise<number> {
  const res = await ctx.tx
    .updateTable('users')
    .set({ availability: to, updated_at: ctx.now })
    .where('id', '=', userId)
    .where('account_id', '=', ctx.accountId)
    .where('availability', '=', from)
    .executeTakeFirst();
  if (!Number(res.numUpdatedRows)) return 0;
  await ctx.events.record('user.availability_changed', {
    userId,
    availability: to,
    previous: from,
    reason,
  });
  return 1;
}

/** One pass: sets offline the agents whose console has been gone too long; answers how many. */
export async function sweepAbsent(services: Services): Promise<number> {
  const timeoutMs = services.config.PRESENCE_TIMEOUT_SECONDS * 1000;
  if (!timeoutMs) return 0;
  const since = await presenceWatchedSince(services);
  if (since == null) return 0; // the presence store does not answer: absence cannot be told
  const cutoff = services.clock.now() - timeoutMs;
  if (since >= cutoff) return 0;
  const db = services.database.db;
  const gone: Array<{ accountId: string; user: PresentUser }> = [];
  for (const [accountId, users] of await onlineByAccount(db, ['online', 'away'])) {
    const quiet = users.filter((u) => Math.max(u.updatedAt, u.lastActiveAt ?? 0) < cutoff);
    if (!quiet.length) continue;
    const presence = await agentPresence(services, accountId);
    for (const user of quiet) {
      const p = presence.get(user.id);
      if (!p?.sockets && (p?.seenAt ?? 0) < cutoff) gone.push({ accountId, user });
    }
  }
  // an outage while reading looks like nobody is there: ask the store again before acting on it
  if (!gone.length || (await presenceWatchedSince(services)) !== since) return 0;
  let changed = 0;
  for (const { accountId, user } of gone)
    changed += await execute(
      services,
      systemActor(accountId, 'presence'),
      (ctx) => setAvailability(ctx, user.id, user.availability, 'offline', 'disconnected'),
      null,
    );
  return changed;
}
