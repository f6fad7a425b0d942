/**
 * SLA timers in the database (sla_timers): started from the applicable policy, met, paused and
 * resumed (the remaining business time kept), and read back as the conversation's SLA status.
 * Which event does what is sla.ts; warnings and breaches are sla-breaches.ts.
 */
import type { CommandContext } from '../../../core/commands/context.ts';
import type { Executor } from '../../../core/db/client.ts';
import type { Conversation } from '../../../core/db/types.ts';
import { newId } from '../../../core/lib/ids.ts';
import {
  pickPolicy,
  remainingOnPause,
  targetMs,
  timerTimes,
  viewTimer,
  type SlaKind,
  type TimerState,
} from '../domain/sla.ts';
import { hoursFor, policiesOf } from '../store/sla-policies.ts';
import { settingsFor } from '../store/settings.ts';

/** Starts a timer of the applicable policy; `restart` replaces a finished (met/cancelled) one, never a running, paused or breached one. */
export async function startTimer(
  ctx: CommandContext,
  c: Conversation,
  kind: SlaKind,
  restart = false,
): Promise<void> {
  const policy = pickPolicy(await policiesOf(ctx.tx, ctx.accountId), {
    inboxId: c.inbox_id,
    priority: c.priority,
  });
  const target = policy && targetMs(policy, kind);
  if (!policy || !target) return;
  const times = timerTimes(ctx.now, target, target, policy.warnAt, await hoursFor(ctx, c, policy));
  const values = {
    id: newId(ctx.now),
    account_id: ctx.accountId,
    conversation_id: c.id,
    policy_id: policy.id,
    kind,
    state: 'running',
    target_ms: target,
    started_at: ctx.now,
    due_at: times.dueAt,
    warn_at: times.warnAt,
    remaining_ms: null,
    warned_at: null,
    breached_at: null,
    met_at: null,
    updated_at: ctx.now,
  };
  await ctx.tx
    .insertInto('sla_timers')
    .values(values)
    .onConflict((oc) => {
      const cols = oc.columns(['conversation_id', 'kind']);
      if (!restart) return cols.doNothing();
      return cols
        .doUpdateSet({
          policy_id: policy.id,
          state: 'running',
          target_ms: target,
          started_at: ctx.now,
          due_at: times.dueAt,
          warn_at: times.warnAt,
          remaining_ms: null,
          warned_at: null,
          breached_at: null,
          met_at: null,
          updated_at: ctx.now,
        })
        .where('sla_timers.state', 'in', ['met', 'cancelled']); // pending → open resumes, it does not restart
    })
    .execute();
}

export async function meet(
  ctx: CommandContext,
  conversationId: string,
  kinds: SlaKind[],
): Promise<void> {
  await ctx.tx
    .updateTable('sla_timers')
    .set({ state: 'met', met_at: ctx.now, updated_at: ctx.now })
    .where('conversation_id', '=', conversationId)
    .where('kind', 'in', kinds)
    .where('state', 'in', ['running', 'paused'])
    .execute();
}

export async function setState(
  ctx: CommandContext,
  conversationId: string,
  from: TimerState[],
  to: TimerState,
): Promise<void> {
  await ctx.tx
    .updateTable('sla_timers')
    .set({ state: to, updated_at: ctx.now })
    .where('conversation_id', '=', conversationId)
    .where('state', 'in', from)
    .execute();
}

/** Waiting on the customer: keep the remaining business time. */
export async function pause(ctx: CommandContext, c: Conversation): Promise<void> {
  const rows = await ctx.tx
    .selectFrom('sla_timers')
    .selectAll()
    .where('conversation_id', '=', c.id)
    .where('state', '=', 'running')
    .execute();
  for (const t of rows) {
    const policy = (await policiesOf(ctx.tx, ctx.accountId)).find((p) => p.id === t.policy_id);
    const hours = policy ? await hoursFor(ctx, c, policy) : null;
    await ctx.tx
      .updateTable('sla_timers')
      .set({
        state: 'paused',
        remaining_ms: remainingOnPause(ctx.now, Number(t.due_at), hours),
        updated_at: ctx.now,
      })
      .where('id', '=', t.id)
      .where('state', '=', 'running')
      .execute();
  }
}

export async function resume(ctx: CommandContext, c: Conversation): Promise<void> {
  const rows = await ctx.tx
    .selectFrom('sla_timers')
    .selectAll()
    .where('conversation_id', '=', c.id)
    .where('state', '=', 'paused')
    .execute();
  for (const t of rows) {
    const policy = (await policiesOf(ctx.tx, ctx.accountId)).find((p) => p.id === t.policy_id);
    const hours = policy ? await hoursFor(ctx, c, policy) : null;
    const times = timerTimes(
      ctx.now,
      Number(t.target_ms),
      Number(t.remaining_ms ?? 0),
      policy?.warnAt ?? 0.8,
      hours,
    );
    await ctx.tx
      .updateTable('sla_timers')
      .set({
        state: 'running',
        due_at: times.dueAt,
        warn_at: t.warned_at ? Number(t.warn_at) : times.warnAt,
        remaining_ms: null,
        updated_at: ctx.now,
      })
      .where('id', '=', t.id)
      .where('state', '=', 'paused')
      .execute();
  }
}

/** The conversation's timers as shown to agents (time left in business time, breach time). */
export async function slaStatus(db: Executor, accountId: string, c: Conversation, now: number) {
  const rows = await db
    .selectFrom('sla_timers')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('conversation_id', '=', c.id)
    .execute();
  const hours = (await settingsFor(db, accountId, { inboxId: c.inbox_id, teamId: c.team_id }))
    .businessHours;
  return rows.map((t) => {
    const v = viewTimer(
      {
        kind: t.kind as SlaKind,
        state: t.state as TimerState,
        dueAt: Number(t.due_at),
        remainingMs: t.remaining_ms == null ? null : Number(t.remaining_ms),
        warnedAt: t.warned_at,
      },
      now,
      hours,
    );
    return {
      ...v,
      dueAt: v.dueAt == null ? null : new Date(v.dueAt).toISOString(),
      policyId: t.policy_id,
      breachedAt: t.breached_at ? new Date(Number(t.breached_at)).toISOString() : null,
    };
  });
}
