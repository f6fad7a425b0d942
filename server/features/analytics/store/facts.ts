/** Writing a conversation's fact rows and state (upserts: replaying an event rewrites the same rows). */
import type { Executor } from '../../../core/db/client.ts';
import type { FactRows } from '../domain/facts.ts';
import type { ConversationState } from '../domain/state.ts';

export async function loadState(
  db: Executor,
  conversationId: string,
  lock: boolean,
): Promise<ConversationState | null> {
  let q = db
    .selectFrom('analytics_conversation_state')
    .select('state')
    .where('conversation_id', '=', conversationId);
  if (lock) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  return row ? (JSON.parse(row.state) as ConversationState) : null;
}

export async function saveState(db: Executor, s: ConversationState, now: number): Promise<void> {
  const row = {
    conversation_id: s.conversationId,
    account_id: s.accountId,
    last_event_id: s.lastEventId,
    state: JSON.stringify(s),
    updated_at: now,
  };
  await db
    .insertInto('analytics_conversation_state')
    .values(row)
    .onConflict((oc) =>
      oc
        .column('conversation_id')
        .doUpdateSet({ last_event_id: row.last_event_id, state: row.state, updated_at: now }),
    )
    .execute();
}

/** Upserts the fact row; cycles and labels are rewritten only when `changed` says so. */
export async function saveFacts(
  db: Executor,
  rows: FactRows,
  changed: { cycles: boolean; labels: boolean },
): Promise<void> {
  const { fact } = rows;
  const { conversation_id: _id, ...update } = fact;
  await db
    .insertInto('conversation_facts')
    .values(fact)
    .onConflict((oc) => oc.column('conversation_id').doUpdateSet(update))
    .execute();
  if (changed.cycles)
    for (const c of rows.cycles) {
      const { conversation_id: _c, cycle: _n, ...cu } = c;
      await db
        .insertInto('conversation_cycle_facts')
        .values(c)
        .onConflict((oc) => oc.columns(['conversation_id', 'cycle']).doUpdateSet(cu))
        .execute();
    }
  if (changed.labels) {
    await db
      .deleteFrom('conversation_fact_labels')
      .where('conversation_id', '=', fact.conversation_id)
      .execute();
    if (rows.labels.length)
      await db.insertInto('conversation_fact_labels').values(rows.labels).execute();
  }
}

const channels = new Map<string, string>();

/** The inbox's channel (web_widget, email, api, …); an inbox never changes its channel. */
export async function channelOf(db: Executor, accountId: string, inboxId: string): Promise<string> {
  const known = channels.get(inboxId);
  if (known) return known;
  const row = await db
    .selectFrom('inboxes')
    .select('channel_type')
    .where('account_id', '=', accountId)
    .where('id', '=', inboxId)
    .executeTakeFirst();
  if (row) channels.set(inboxId, row.channel_type);
  return row?.channel_type ?? 'unknown';
}
