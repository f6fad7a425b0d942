/**
 * SLA warnings and breaches, fired by the ticker: each due timer is claimed with a conditional
 * update (idempotent, safe on several nodes) and records `sla.warning` or `sla.breached`.
 */
import type { CommandContext } from '../../../core/commands/context.ts';
import { execute } from '../../../core/commands/context.ts';
import { systemActor } from '../../../core/policies/actor.ts';
import type { Services } from '../../../core/services.ts';
import type { SlaKind } from '../domain/sla.ts';

/** Fires due warnings and breaches (ticker). Each timer is claimed with a conditional update. */
export async function fireDueSlaTimers(services: Services, limit = 200): Promise<number> {
  const now = services.clock.now();
  const db = services.database.db;
  const due = await db
    .selectFrom('sla_timers')
    .select(['id', 'account_id', 'due_at', 'warn_at', 'warned_at'])
    .where('state', '=', 'running')
    .where((eb) =>
      eb.or([
        eb('due_at', '<=', now),
        eb.and([eb('warn_at', '<=', now), eb('warned_at', 'is', null)]),
      ]),
    )
    .limit(limit)
    .execute();
  let fired = 0;
  for (const t of due) {
    const breach = Number(t.due_at) <= now;
    fired += await execute(
      services,
      systemActor(t.account_id, 'sla'),
      (ctx) => fireTimer(ctx, t.id, breach),
      null,
    );
  }
  return fired;
}

async function fireTimer(ctx: CommandContext, timerId: string, breach: boolean): Promise<number> {
  const q = ctx.tx
    .updateTable('sla_timers')
    .where('id', '=', timerId)
    .where('state', '=', 'running');
  const res = breach
    ? await q
        .set({ state: 'breached', breached_at: ctx.now, warned_at: ctx.now, updated_at: ctx.now })
        .returningAll()
        .executeTakeFirst()
    : await q
        .where('warned_at', 'is', null)
        .set({ warned_at: ctx.now, updated_at: ctx.now })
        .returningAll()
        .executeTakeFirst();
  if (!res) return 0;
  const c = await ctx.tx
    .selectFrom('conversations')
    .select(['assignee_id', 'team_id'])
    .where('id', '=', res.conversation_id)
    .executeTakeFirst();
  await ctx.events.record(
    breach ? 'sla.breached' : 'sla.warning',
    {
      conversationId: res.conversation_id,
      timerId: res.id,
      kind: res.kind as SlaKind,
      policyId: res.policy_id,
      dueAt: new Date(Number(res.due_at)).toISOString(),
      assigneeId: c?.assignee_id ?? null,
      teamId: c?.team_id ?? null,
    },
    res.conversation_id,
  );
  return 1;
}
