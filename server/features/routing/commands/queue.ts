/**
 * The live queue in the database. Every change runs under a per-account lock row (an UPDATE takes a
 * row lock on PostgreSQL; SQLite serializes writers), so concurrent nodes never plan against stale
 * loads and an agent's capacity is never exceeded.
 */
import { conversationAffect } from '../../../core/kit/affect-registry.ts';
import { assignConversation } from '../../../core/commands/assign-conversation.ts';
import type { CommandContext } from '../../../core/commands/context.ts';
import type { Executor } from '../../../core/db/client.ts';
import type { Conversation } from '../../../core/db/types.ts';
import { newId } from '../../../core/lib/ids.ts';
import { parseJson } from '../../../core/presenters/index.ts';
import {
  estimateWaitSeconds,
  orderQueue,
  overflowed,
  planAssignments,
  totalSlots,
  type QueueEntry,
} from '../domain/queue.ts';
import { loadAgents, recentHandleSeconds, upsertProfile } from '../store/agents.ts';
import { settingsFor, type EffectiveSettings } from '../store/settings.ts';
import type { QueueStatus } from '../../../core/kit/contracts.ts';
import { sql } from 'kysely';

export async function lockAccount(tx: Executor, accountId: string): Promise<void> {
  await tx
    .insertInto('routing_locks')
    .values({ account_id: accountId, version: 0 })
    .onConflict((oc) => oc.column('account_id').doNothing())
    .execute();
  await tx
    .updateTable('routing_locks')
    .set({ version: sql`version + 1` })
    .where('account_id', '=', accountId)
    .execute();
}

export const queueable = (c: Pick<Conversation, 'status' | 'mode' | 'assignee_id'>) =>
  c.status === 'open' && c.mode === 'human' && !c.assignee_id;

/** Puts a conversation in the queue (idempotent). Returns true when it was not queued before. */
export async function enqueue(
  ctx: CommandContext,
  c: Conversation,
  reason: string,
): Promise<boolean> {
  if (!queueable(c)) return false;
  const exists = await ctx.tx
    .selectFrom('routing_queue')
    .select('conversation_id')
    .where('conversation_id', '=', c.id)
    .executeTakeFirst();
  if (exists) return false;
  // One after another: a transaction is one connection (no concurrent queries on it).
  const inbox = await ctx.tx
    .selectFrom('inboxes')
    .select('channel_type')
    .where('id', '=', c.inbox_id)
    .executeTakeFirst();
  const contact = await ctx.tx
    .selectFrom('contacts')
    .select('attributes')
    .where('id', '=', c.contact_id)
    .executeTakeFirst();
  const previous = await ctx.tx
    .selectFrom('conversations')
    .select('assignee_id')
    .where('account_id', '=', ctx.accountId)
    .where('contact_id', '=', c.contact_id)
    .where('id', '!=', c.id)
    .where('assignee_id', 'is not', null)
    .orderBy('updated_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  const attrs = parseJson<Record<string, unknown>>(contact?.attributes ?? '{}', {});
  const vip = attrs.tier === 'vip' || attrs.vip === true || attrs.vip === 'true';
  // Analyses that arrived while the bot had the conversation (routing ignores unqueued ones) still rank it.
  const affect = await conversationAffect(ctx.tx, ctx.accountId, c.id);
  await ctx.tx
    .insertInto('routing_queue')
    .values({
      conversation_id: c.id,
      account_id: ctx.accountId,
      inbox_id: c.inbox_id,
      contact_id: c.contact_id,
      channel: inbox?.channel_type ?? 'web_widget',
      reason,
      language: affect?.language ?? null,
      intent: affect?.intent ?? null,
      anger: affect?.anger ?? 0,
      tier: vip ? 'vip' : 'standard',
      previous_agent_id: previous?.assignee_id ?? null,
      enqueued_at: ctx.now,
      pinned_at: null,
    })
    .onConflict((oc) => oc.column('conversation_id').doNothing())
    .execute();
  await ctx.events.record(
    'conversation.queued',
    { conversationId: c.id, inboxId: c.inbox_id, contactId: c.contact_id, reason },
    c.id,
  );
  return true;
}

export async function dequeue(
  ctx: CommandContext,
  conversationId: string,
  reason: 'assigned' | 'closed' | 'bot' | 'manual',
): Promise<boolean> {
  const res = await ctx.tx
    .deleteFrom('routing_queue')
    .where('account_id', '=', ctx.accountId)
    .where('conversation_id', '=', conversationId)
    .executeTakeFirst();
  if (!Number(res.numDeletedRows)) return false;
  await ctx.events.record('conversation.dequeued', { conversationId, reason }, conversationId);
  return true;
}

interface LoadedQueue {
  entries: QueueEntry[];
  stale: Array<{ id: string; reason: 'assigned' | 'closed' | 'bot' }>;
}

export async function loadQueue(db: Executor, accountId: string): Promise<LoadedQueue> {
  const rows = await db
    .selectFrom('routing_queue as q')
    .innerJoin('conversations as c', 'c.id', 'q.conversation_id')
    .leftJoin('sla_timers as t', (j) =>
      j
        .onRef('t.conversation_id', '=', 'q.conversation_id')
        .on('t.kind', '=', 'first_response')
        .on('t.state', '=', 'running'),
    )
    .select([
      'q.conversation_id',
      'q.inbox_id',
      'q.contact_id',
      'q.channel',
      'q.language',
      'q.intent',
      'q.anger',
      'q.tier',
      'q.previous_agent_id',
      'q.enqueued_at',
      'q.pinned_at',
      'c.status',
      'c.mode',
      'c.assignee_id',
      'c.team_id',
      'c.priority',
      't.due_at',
    ])
    .where('q.account_id', '=', accountId)
    .execute();
  const out: LoadedQueue = { entries: [], stale: [] };
  for (const r of rows) {
    if (!queueable({ status: r.status, mode: r.mode, assignee_id: r.assignee_id })) {
      out.stale.push({
        id: r.conversation_id,
        reason: r.assignee_id ? 'assigned' : r.mode === 'bot' ? 'bot' : 'closed',
      });
      continue;
    }
    out.entries.push({
      id: r.conversation_id,
      inboxId: r.inbox_id,
      contactId: r.contact_id,
      channel: r.channel,
      teamId: r.team_id,
      language: r.language,
      intent: r.intent,
      priority: r.priority,
      anger: Number(r.anger) / 100,
      tier: r.tier === 'vip' ? 'vip' : 'standard',
      previousAgentId: r.previous_agent_id,
      enqueuedAt: Number(r.enqueued_at),
      slaDueAt: r.due_at == null ? null : Number(r.due_at),
      pinnedAt: r.pinned_at == null ? null : Number(r.pinned_at),
    });
  }
  return out;
}

/** Assigns queued conversations while capacity lasts (call under lockAccount). Returns assigned ids. */
export async function drainQueue(
  ctx: CommandContext,
  settings?: EffectiveSettings,
): Promise<string[]> {
  const s = settings ?? (await settingsFor(ctx.tx, ctx.accountId));
  const { entries, stale } = await loadQueue(ctx.tx, ctx.accountId);
  for (const x of stale) await dequeue(ctx, x.id, x.reason);
  if (!entries.length) return [];
  const agents = await loadAgents(ctx.tx, ctx.accountId, s.defaultCapacity);
  // strategies may differ per inbox and team (settings layers): resolve each distinct pair once
  const perScope = new Map<string, EffectiveSettings>();
  for (const e of entries) {
    const key = `${e.inboxId}|${e.teamId ?? ''}`;
    if (!perScope.has(key))
      perScope.set(
        key,
        await settingsFor(ctx.tx, ctx.accountId, { inboxId: e.inboxId, teamId: e.teamId }),
      );
  }
  const plan = planAssignments(
    orderQueue(entries, ctx.now, s.queue),
    agents,
    (e) => perScope.get(`${e.inboxId}|${e.teamId ?? ''}`)!.routing,
    new Set(entries.map((e) => e.channel)),
  );
  for (const p of plan) {
    await ctx.tx
      .deleteFrom('routing_queue')
      .where('conversation_id', '=', p.conversationId)
      .execute();
    await assignConversation(ctx, {
      conversationId: p.conversationId,
      assigneeId: p.agentId,
      force: true,
    }); // the plan never exceeds a capacity
    await ctx.tx
      .insertInto('routing_assignments')
      .values({
        id: newId(ctx.now),
        account_id: ctx.accountId,
        conversation_id: p.conversationId,
        agent_id: p.agentId,
        assigned_at: ctx.now,
        released_at: null,
      })
      .execute();
    await upsertProfile(ctx.tx, ctx.accountId, p.agentId, { lastAssignedAt: ctx.now }, ctx.now);
    await ctx.events.record(
      'conversation.dequeued',
      { conversationId: p.conversationId, reason: 'assigned' },
      p.conversationId,
    );
  }
  return plan.map((p) => p.conversationId);
}

/** The contacts of the given conversations (e.g. those a drain just assigned: they left the queue). */
export async function contactsOf(db: Executor, conversationIds: string[]): Promise<string[]> {
  if (!conversationIds.length) return [];
  return (
    await db
      .selectFrom('conversations')
      .select('contact_id')
      .where('id', 'in', conversationIds)
      .execute()
  ).map((r) => r.contact_id);
}

export async function releaseAssignment(
  tx: Executor,
  conversationId: string,
  now: number,
): Promise<void> {
  await tx
    .updateTable('routing_assignments')
    .set({ released_at: now })
    .where('conversation_id', '=', conversationId)
    .where('released_at', 'is', null)
    .execute();
}

export interface ContactQueueStatus {
  contactId: string;
  status: QueueStatus;
}

/** Live positions and estimates for every queued conversation of the account. */
export async function queueStatuses(
  db: Executor,
  accountId: string,
  now: number,
): Promise<ContactQueueStatus[]> {
  const s = await settingsFor(db, accountId);
  const { entries } = await loadQueue(db, accountId);
  if (!entries.length) return [];
  const agents = await loadAgents(db, accountId, s.defaultCapacity);
  const handle = await recentHandleSeconds(db, accountId, s.queue.defaultHandleSeconds);
  return orderQueue(entries, now, s.queue).map((e, i) => {
    const slots = totalSlots(agents, e.channel);
    const wait = estimateWaitSeconds(i + 1, slots, handle);
    // nobody online: no honest estimate, and the widget should offer to leave a message
    return {
      contactId: e.contactId,
      status: {
        conversationId: e.id,
        position: i + 1,
        estimatedWaitSeconds: slots ? wait : null,
        overflow: !slots || overflowed(i + 1, wait, s.queue) ? 'leave_message' : null,
      },
    };
  });
}
