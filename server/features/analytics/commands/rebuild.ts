/**
 * `kefu analytics rebuild`: the facts recomputed from the events table (the outbox keeps every
 * event), through the same fold as the live processor, with the schedule history it recorded.
 * Replaces the account's (or every account's) fact rows and states. Reads events in id order,
 * in batches; holds one state per conversation in memory while it runs.
 */
import { type CommandDeps, execute } from '../../../core/commands/context.ts';
import type { Executor } from '../../../core/db/client.ts';
import { systemActor } from '../../../core/policies/actor.ts';
import { factRows } from '../domain/facts.ts';
import { fold } from '../domain/fold.ts';
import { type ConversationState, type ConversationView, initialState } from '../domain/state.ts';
import { saveFacts, saveState } from '../store/facts.ts';
import { loadSegments } from '../store/schedules.ts';
import { FACT_EVENTS } from '../domain/events.ts';
import { clockOf, toFoldEvent } from './apply-event.ts';

const BATCH = 5_000;
const TABLES = [
  'conversation_facts',
  'conversation_cycle_facts',
  'conversation_fact_labels',
  'analytics_conversation_state',
] as const;

export interface RebuildResult {
  accounts: number;
  events: number;
  conversations: number;
}

async function accountIds(db: Executor, only?: string): Promise<string[]> {
  if (only) return [only];
  const rows = await db.selectFrom('accounts').select('id').orderBy('id').execute();
  return rows.map((r) => r.id);
}

/** Rebuilds one account's facts; `db` should be a transaction (readers see old or new facts). */
export async function rebuildAccount(
  db: Executor,
  accountId: string,
  now: number,
): Promise<{ events: number; conversations: number }> {
  const segments = await loadSegments(db, accountId);
  const states = new Map<string, ConversationState>();
  let after = 0;
  let events = 0;
  for (;;) {
    const rows = await db
      .selectFrom('events')
      .select(['id', 'type', 'conversation_id', 'created_at', 'payload'])
      .where('account_id', '=', accountId)
      .where('id', '>', after)
      .where('type', 'in', FACT_EVENTS)
      .orderBy('id')
      .limit(BATCH)
      .execute();
    for (const r of rows) {
      after = Number(r.id);
      if (!r.conversation_id) continue;
      const e = toFoldEvent({
        id: r.id,
        type: r.type,
        createdAt: r.created_at,
        payload: r.payload,
      });
      let state = states.get(r.conversation_id);
      if (!state) {
        const view = (e.payload as { conversation?: ConversationView }).conversation;
        if (!view) continue;
        state = initialState(accountId, view);
        states.set(r.conversation_id, state);
      }
      fold(state, e, clockOf(segments.get(state.inboxId) ?? []));
      events++;
    }
    if (rows.length < BATCH) break;
  }
  for (const t of TABLES) await db.deleteFrom(t).where('account_id', '=', accountId).execute();
  const channels = new Map(
    (
      await db
        .selectFrom('inboxes')
        .select(['id', 'channel_type'])
        .where('account_id', '=', accountId)
        .execute()
    ).map((r) => [r.id, r.channel_type]),
  );
  for (const state of states.values()) {
    await saveState(db, state, now);
    const rows = factRows(state, channels.get(state.inboxId) ?? 'unknown', now);
    await saveFacts(db, rows, { cycles: true, labels: true });
  }
  return { events, conversations: states.size };
}

export async function rebuildFacts(
  deps: CommandDeps,
  opts: { accountId?: string } = {},
): Promise<RebuildResult> {
  const ids = await accountIds(deps.database.db, opts.accountId);
  const total: RebuildResult = { accounts: ids.length, events: 0, conversations: 0 };
  for (const id of ids) {
    const r = await execute(
      deps,
      systemActor(id, 'analytics'),
      (ctx) => rebuildAccount(ctx.tx, id, ctx.now),
      {},
    );
    total.events += r.events;
    total.conversations += r.conversations;
  }
  return total;
}
