/**
 * The facts processor's write: fold one event into its conversation's state and rewrite the
 * conversation's fact rows, in one transaction. Idempotent: an event already folded in is skipped;
 * one that arrives after a newer event of its conversation (commit order differed from id order)
 * makes the conversation's facts be folded again from its events, in id order.
 */
import type { CommandContext } from '../../../core/commands/context.ts';
import type { DomainEvent } from '../../../core/events/catalog.ts';
import { businessMs, scheduleAt, type ScheduleSegment } from '../domain/business-time.ts';
import { FACT_EVENTS } from '../domain/events.ts';
import { factRows } from '../domain/facts.ts';
import { type BusinessClock, fold, type FoldEvent, ordering } from '../domain/fold.ts';
import { type ConversationState, type ConversationView, initialState } from '../domain/state.ts';
import { channelOf, loadState, saveFacts, saveState } from '../store/facts.ts';
import { observeSchedule } from '../store/schedules.ts';

export interface ApplyInput {
  event: DomainEvent;
  /** PostgreSQL: lock the state row (another node may work on the same conversation). */
  lock: boolean;
}

export function clockOf(segments: readonly ScheduleSegment[]): BusinessClock {
  return { ms: (a, b) => businessMs(a, b, segments), scheduleAt: (t) => scheduleAt(t, segments) };
}

export const toFoldEvent = (e: {
  id: number | string;
  type: string;
  createdAt: number | string;
  payload: unknown;
}): FoldEvent => ({
  id: Number(e.id),
  type: e.type,
  createdAt: Number(e.createdAt),
  payload: typeof e.payload === 'string' ? JSON.parse(e.payload) : e.payload,
});

const viewOf = (payload: unknown) =>
  (payload as { conversation?: ConversationView }).conversation ?? null;

/** Every event of one conversation, in id order (the late-event path; rare). */
async function eventsOf(ctx: CommandContext, conversationId: string): Promise<FoldEvent[]> {
  const rows = await ctx.tx
    .selectFrom('events')
    .select(['id', 'type', 'created_at', 'payload'])
    .where('account_id', '=', ctx.accountId)
    .where('conversation_id', '=', conversationId)
    .where('type', 'in', FACT_EVENTS)
    .orderBy('id')
    .execute();
  return rows.map((r) =>
    toFoldEvent({ id: r.id, type: r.type, createdAt: r.created_at, payload: r.payload }),
  );
}

export async function applyEvent(ctx: CommandContext, input: ApplyInput): Promise<boolean> {
  const { event } = input;
  const conversationId = event.conversationId;
  if (!conversationId) return false;
  const e = toFoldEvent(event);
  const previous = await loadState(ctx.tx, conversationId, input.lock);
  let state: ConversationState | null = previous ? structuredClone(previous) : null;
  const order = state ? ordering(state, e.id) : 'new';
  if (order === 'duplicate') return false;
  const view = viewOf(e.payload);
  if (!state && !view) return false; // nothing to attach it to yet (its conversation event comes first)
  const inboxId = state?.inboxId ?? view!.inboxId;
  const segments = await observeSchedule(ctx.tx, ctx.accountId, inboxId, e.createdAt);
  const clock = clockOf(segments);
  if (order === 'late') {
    state = null;
    for (const ev of await eventsOf(ctx, conversationId)) {
      const v = viewOf(ev.payload);
      if (!state && v) state = initialState(ctx.accountId, v);
      if (state) fold(state, ev, clock);
    }
    if (!state) return false;
  } else {
    state ??= initialState(ctx.accountId, view!);
    fold(state, e, clock);
  }
  const rows = factRows(state, await channelOf(ctx.tx, ctx.accountId, state.inboxId), ctx.now);
  await saveState(ctx.tx, state, ctx.now);
  await saveFacts(ctx.tx, rows, {
    cycles: JSON.stringify(previous?.cycles ?? []) !== JSON.stringify(state.cycles),
    labels: JSON.stringify(previous?.labels ?? null) !== JSON.stringify(state.labels),
  });
  return true;
}
