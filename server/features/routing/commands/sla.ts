/**
 * SLA timers in the database (sla_timers): started, met, paused and resumed by conversation events;
 * warnings and breaches fired by the ticker with conditional updates (idempotent, safe on several nodes).
 */
import type { CommandContext } from '../../../core/commands/context.ts';
import { execute } from '../../../core/commands/context.ts';
import { findConversation } from '../../../core/commands/lib/conversations.ts';
import type { Executor } from '../../../core/db/client.ts';
import { prepared } from '../../../core/db/prepared.ts';
import type { Conversation, Priority } from '../../../core/db/types.ts';
import type { DomainEvent } from '../../../core/events/catalog.ts';
import { newId } from '../../../core/lib/ids.ts';
import { systemActor } from '../../../core/policies/actor.ts';
import type { Services } from '../../../core/services.ts';
import {
  pickPolicy,
  remainingOnPause,
  targetMs,
  timerTimes,
  viewTimer,
  type SlaKind,
  type SlaPolicy,
  type TimerState,
} from '../domain/sla.ts';
import { configCache } from '../store/config-cache.ts';
import { settingsFor } from '../store/settings.ts';
import { lockAccount } from './queue.ts';
import { repolicy } from './sla-repolicy.ts';

const policiesCache = configCache<Array<SlaPolicy & { name: string }>>();

/** The account's SLA policies (cached per account; writes call routingConfigChanged). */
export function policiesOf(
  db: Executor,
  accountId: string,
): Promise<Array<SlaPolicy & { name: string }>> {
  return policiesCache.get(accountId, () => loadPolicies(db, accountId), {
    inTransaction: db.isTransaction,
  });
}

async function loadPolicies(
  db: Executor,
  accountId: string,
): Promise<Array<SlaPolicy & { name: string }>> {
  const rows = await db
    .selectFrom('sla_policies')
    .selectAll()
    .where('account_id', '=', accountId)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    inboxId: r.inbox_id,
    priority: r.priority as Priority | null,
    firstResponseMs: Number(r.first_response_ms),
    nextResponseMs: r.next_response_ms == null ? null : Number(r.next_response_ms),
    resolutionMs: r.resolution_ms == null ? null : Number(r.resolution_ms),
    warnAt: Number(r.warn_pct) / 100,
    businessHoursOnly: !!r.business_hours,
  }));
}

export async function hoursFor(ctx: CommandContext, c: Conversation, policy: SlaPolicy) {
  if (!policy.businessHoursOnly) return null;
  return (await settingsFor(ctx.tx, ctx.accountId, { inboxId: c.inbox_id, teamId: c.team_id }))
    .businessHours;
}

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

async function setState(
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

export const SLA_TRIGGERS = [
  'conversation.created',
  'conversation.updated',
  'conversation.handover_requested',
  'conversation.status_changed',
  'message.created',
] as const;

/** Whether an agent replied before the customer message at `seq` (the reply's own event may not be processed yet). */
async function agentRepliedBefore(
  ctx: CommandContext,
  conversationId: string,
  seq: number,
): Promise<boolean> {
  return !!(await agentReplyBefore.first(ctx.tx, { conversationId, seq }));
}

const agentReplyBefore = prepared((db, p: { conversationId: string; seq: number }) =>
  db
    .selectFrom('messages')
    .select('id')
    .where('conversation_id', '=', p.conversationId)
    .where('message_type', '=', 'outgoing')
    .where('sender_type', '=', 'user')
    .where('seq', '<', p.seq)
    .limit(1),
);
const timerStates = prepared((db, p: { conversationId: string }) =>
  db
    .selectFrom('sla_timers')
    .select(['kind', 'state'])
    .where('conversation_id', '=', p.conversationId),
);

/** Keeps a conversation's timers in step with what happened. */
export async function slaOnEvent(ctx: CommandContext, event: DomainEvent): Promise<void> {
  if (!event.conversationId) return;
  if (event.type === 'message.created') {
    // A customer message to the bot, or a bot/system message, moves no timer: decide from the event
    // itself (the conversation as it was when the message was stored), before the lock and any query.
    const { message: m, conversation: then } = (event as DomainEvent<'message.created'>).payload;
    const humanThen = then.mode === 'human' && then.status === 'open';
    if (
      !(m.type === 'outgoing' && m.sender.type === 'user') &&
      !(m.type === 'incoming' && humanThen)
    )
      return;
    // A customer writing again while a response timer already runs changes nothing: skip the lock.
    if (m.type === 'incoming') {
      const timers = await timerStates.all(ctx.tx, { conversationId: event.conversationId });
      const live = (k: SlaKind) =>
        timers.some(
          (t) =>
            t.kind === k &&
            (t.state === 'running' || t.state === 'paused' || t.state === 'breached'),
        );
      if (live('next_response')) return;
      if (
        live('first_response') &&
        timers.some((t) => t.kind === 'resolution') &&
        !(await agentRepliedBefore(ctx, event.conversationId, m.seq))
      )
        return;
    }
  }
  await lockAccount(ctx.tx, ctx.accountId);
  const c = await findConversation(ctx.tx, ctx.accountId, event.conversationId);
  if (!c) return;
  const human = c.mode === 'human' && c.status === 'open';
  if (event.type === 'message.created') {
    const m = (event as DomainEvent<'message.created'>).payload.message;
    if (m.type === 'outgoing' && m.sender.type === 'user') {
      // events may be processed out of order on several nodes: a reply only meets the next-response
      // timer when no customer message came after it
      const later = await ctx.tx
        .selectFrom('messages')
        .select('id')
        .where('conversation_id', '=', c.id)
        .where('message_type', '=', 'incoming')
        .where('seq', '>', m.seq)
        .limit(1)
        .executeTakeFirst();
      return meet(ctx, c.id, later ? ['first_response'] : ['first_response', 'next_response']);
    }
    if (m.type !== 'incoming' || !human) return;
    if (!(await agentRepliedBefore(ctx, c.id, m.seq))) {
      await startTimer(ctx, c, 'first_response');
      await startTimer(ctx, c, 'resolution');
      return;
    }
    const next = await ctx.tx
      .selectFrom('sla_timers')
      .select('state')
      .where('conversation_id', '=', c.id)
      .where('kind', '=', 'next_response')
      .executeTakeFirst();
    if (!next || next.state === 'met' || next.state === 'cancelled') {
      const after = await ctx.tx
        .selectFrom('messages')
        .select('id')
        .where('conversation_id', '=', c.id)
        .where('message_type', '=', 'outgoing')
        .where('sender_type', '=', 'user')
        .where('seq', '>', m.seq)
        .limit(1)
        .executeTakeFirst();
      if (!after) await startTimer(ctx, c, 'next_response', true);
    }
    return;
  }
  if (event.type === 'conversation.status_changed') {
    if (c.status === 'pending' || c.status === 'snoozed') return pause(ctx, c);
    if (c.status === 'open') {
      await resume(ctx, c);
      if (c.mode === 'human') await startTimer(ctx, c, 'resolution', true);
      return;
    }
    await meet(ctx, c.id, ['resolution']);
    return setState(ctx, c.id, ['running', 'paused'], 'cancelled');
  }
  if (event.type === 'conversation.updated') {
    const changes = (event as DomainEvent<'conversation.updated'>).payload.changes;
    if (changes.includes('priority') || changes.includes('inbox')) return repolicy(ctx, c); // the policy is chosen by both
  }
  if (human) {
    await startTimer(ctx, c, 'first_response');
    await startTimer(ctx, c, 'resolution');
  }
}

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
