/**
 * Priority (or inbox) changed: the SLA policy is chosen again and live timers move to it. The business
 * time already elapsed is kept (elapsed = old target − time left), so the new due time is
 * `new target − elapsed` of business time from now; paused timers keep being paused with the new
 * remaining time. A warning already sent stays sent only while the new warning point is also past.
 * Timers of kinds the new policy has no target for are cancelled; kinds it adds start as if they had
 * been running since the conversation began waiting.
 */
import type { CommandContext } from '../../../core/commands/context.ts';
import type { Conversation } from '../../../core/db/types.ts';
import { newId } from '../../../core/lib/ids.ts';
import { businessMsBetween } from '../domain/business-hours.ts';
import { pickPolicy, targetMs, timerTimes, type SlaKind, type SlaPolicy } from '../domain/sla.ts';
import { hoursFor, policiesOf } from './sla.ts';

export async function repolicy(ctx: CommandContext, c: Conversation): Promise<void> {
  const policies = await policiesOf(ctx.tx, ctx.accountId);
  const policy = pickPolicy(policies, { inboxId: c.inbox_id, priority: c.priority });
  const live = await ctx.tx
    .selectFrom('sla_timers')
    .selectAll()
    .where('conversation_id', '=', c.id)
    .where('state', 'in', ['running', 'paused'])
    .execute();
  const newHours = policy ? await hoursFor(ctx, c, policy) : null;
  for (const t of live) {
    if (policy && t.policy_id === policy.id) continue;
    const target = policy ? targetMs(policy, t.kind as SlaKind) : null;
    const q = ctx.tx.updateTable('sla_timers').where('id', '=', t.id).where('state', '=', t.state);
    if (!policy || !target) {
      await q.set({ state: 'cancelled', updated_at: ctx.now }).execute();
      continue;
    }
    const old = policies.find((p) => p.id === t.policy_id);
    const oldHours = old ? await hoursFor(ctx, c, old) : null;
    const due = Number(t.due_at);
    const left =
      t.state === 'paused'
        ? Number(t.remaining_ms ?? 0)
        : ctx.now <= due
          ? businessMsBetween(ctx.now, due, oldHours)
          : -(ctx.now - due);
    const remaining = target - (Number(t.target_ms) - left);
    const warnPoint = target * (1 - policy.warnAt); // time left when the warning is due
    if (t.state === 'paused') {
      await q
        .set({
          policy_id: policy.id,
          target_ms: target,
          remaining_ms: Math.max(0, remaining),
          warned_at: remaining > warnPoint ? null : t.warned_at,
          updated_at: ctx.now,
        })
        .execute();
      continue;
    }
    const times =
      remaining > 0
        ? timerTimes(ctx.now, target, remaining, policy.warnAt, newHours)
        : { dueAt: ctx.now, warnAt: ctx.now };
    await q
      .set({
        policy_id: policy.id,
        target_ms: target,
        due_at: times.dueAt,
        warn_at: times.warnAt,
        warned_at: t.warned_at != null && times.warnAt <= ctx.now ? t.warned_at : null,
        updated_at: ctx.now,
      })
      .execute();
  }
  if (policy && c.mode === 'human' && c.status === 'open') await startMissing(ctx, c, policy);
}

/** Timers the newly chosen policy adds (none ran before, or they were cancelled by an earlier change). */
async function startMissing(
  ctx: CommandContext,
  c: Conversation,
  policy: SlaPolicy,
): Promise<void> {
  const replied = await ctx.tx
    .selectFrom('messages')
    .select('id')
    .where('conversation_id', '=', c.id)
    .where('message_type', '=', 'outgoing')
    .where('sender_type', '=', 'user')
    .limit(1)
    .executeTakeFirst();
  const asked = await ctx.tx
    .selectFrom('messages')
    .select('created_at')
    .where('conversation_id', '=', c.id)
    .where('message_type', '=', 'incoming')
    .orderBy('seq')
    .limit(1)
    .executeTakeFirst();
  if (!asked) return; // nothing to respond to yet
  const kinds: Array<[SlaKind, number]> = [['resolution', Number(c.created_at)]];
  if (!replied) kinds.push(['first_response', Number(asked.created_at)]);
  else if (c.waiting_since != null) kinds.push(['next_response', Number(c.waiting_since)]);
  const hours = await hoursFor(ctx, c, policy);
  for (const [kind, since] of kinds) {
    const target = targetMs(policy, kind);
    if (!target) continue;
    const remaining = target - businessMsBetween(since, ctx.now, hours);
    const times =
      remaining > 0
        ? timerTimes(ctx.now, target, remaining, policy.warnAt, hours)
        : { dueAt: ctx.now, warnAt: ctx.now };
    const set = {
      policy_id: policy.id,
      state: 'running',
      target_ms: target,
      started_at: since,
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
      .values({
        id: newId(ctx.now),
        account_id: ctx.accountId,
        conversation_id: c.id,
        kind,
        ...set,
      })
      .onConflict((oc) =>
        oc
          .columns(['conversation_id', 'kind'])
          .doUpdateSet(set)
          .where('sla_timers.state', '=', 'cancelled'),
      )
      .execute();
  }
}
