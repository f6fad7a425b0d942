/** Fact rows written straight into the table, for report tests (the processor is tested elsewhere). */
import type { Executor } from '../../../core/db/client.ts';
import { newId } from '../../../core/lib/ids.ts';
import type { ConversationFactsTable } from '../tables.ts';

export function factRow(
  accountId: string,
  inboxId: string,
  p: Partial<ConversationFactsTable>,
): ConversationFactsTable {
  return {
    conversation_id: newId(),
    account_id: accountId,
    inbox_id: inboxId,
    channel: 'web_widget',
    contact_id: newId(),
    team_id: null,
    assignee_id: null,
    created_at: 0,
    status: 'open',
    intent: null,
    language: null,
    labels: '[]',
    cycles: 1,
    reopens: 0,
    touches: 1,
    reassignments: 0,
    customer_messages: 1,
    bot_messages: 0,
    bot_only: 0,
    handed_over: 0,
    human_requested: 0,
    handover_reason: null,
    handover_at: null,
    time_to_human_ms: null,
    time_to_human_biz_ms: null,
    first_reply_at: null,
    frt_ms: null,
    frt_biz_ms: null,
    nrt_count: 0,
    nrt_sum_ms: 0,
    nrt_max_ms: 0,
    nrt_sum_biz_ms: 0,
    nrt_max_biz_ms: 0,
    first_resolved_at: null,
    first_resolution_ms: null,
    first_resolution_biz_ms: null,
    last_resolved_at: null,
    full_resolution_ms: null,
    full_resolution_biz_ms: null,
    requester_wait_ms: 0,
    requester_wait_biz_ms: 0,
    handling_ms: null,
    handling_biz_ms: null,
    first_reopen_at: null,
    customer_after_resolve_at: null,
    last_customer_at: null,
    csat: null,
    csat_comment: null,
    nps: null,
    sentiment_first: null,
    sentiment_last: null,
    emotion_first: null,
    emotion_last: null,
    negative_feedback: 0,
    sla_first_response: null,
    sla_next_response: null,
    sla_resolution: null,
    schedules: 'always',
    last_event_id: 0,
    updated_at: 0,
    ...p,
  };
}

export async function insertFacts(db: Executor, rows: ConversationFactsTable[]): Promise<void> {
  for (const r of rows) {
    await db.insertInto('conversation_facts').values(r).execute();
    for (const label of JSON.parse(r.labels) as string[])
      await db
        .insertInto('conversation_fact_labels')
        .values({
          conversation_id: r.conversation_id,
          account_id: r.account_id,
          label,
          created_at: r.created_at,
        })
        .execute();
  }
}
