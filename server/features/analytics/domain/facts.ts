/** A conversation's state as fact rows (pure): the conversation row, its cycles and labels. */
import type {
  ConversationCycleFactsTable,
  ConversationFactLabelsTable,
  ConversationFactsTable,
} from '../tables.ts';
import type { ConversationState } from './state.ts';

export interface FactRows {
  fact: ConversationFactsTable;
  cycles: ConversationCycleFactsTable[];
  labels: ConversationFactLabelsTable[];
}

const SLA_KINDS = ['first_response', 'next_response', 'resolution'] as const;

function slaOutcome(s: ConversationState, kind: (typeof SLA_KINDS)[number]): string | null {
  if (s.slaBreached.includes(kind)) return 'breached';
  if (!s.slaSeen.includes(kind)) return null;
  const first = s.cycles[0];
  if (kind === 'first_response') return first?.firstReplyAt != null ? 'met' : 'pending';
  if (kind === 'resolution') return s.firstResolvedAt !== null ? 'met' : 'pending';
  return 'met';
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

export function factRows(s: ConversationState, channel: string, now: number): FactRows {
  const first = s.cycles[0] ?? null;
  const resolved = [...s.cycles].reverse().find((c) => c.resolvedAt !== null) ?? null;
  const handled = s.cycles.filter((c) => c.handling !== null);
  const nrt = s.cycles.map((c) => c.nextReplies);
  const humanTouched = s.touches > 0 || s.cycles.length > 0;
  const fact: ConversationFactsTable = {
    conversation_id: s.conversationId,
    account_id: s.accountId,
    inbox_id: s.inboxId,
    channel,
    contact_id: s.contactId,
    team_id: s.teamId,
    assignee_id:
      s.lastResolvedAt !== null && resolved ? resolved.assigneeAtResolution : s.assigneeId,
    created_at: s.createdAt,
    status: s.status,
    intent: s.intent,
    language: s.language,
    labels: JSON.stringify(s.labels),
    cycles: s.cycles.length,
    reopens: s.reopens,
    touches: s.touches,
    reassignments: s.reassignments,
    customer_messages: s.customerMessages,
    bot_messages: s.botMessages,
    bot_only: s.botMessages > 0 && !humanTouched && !s.handedOver ? 1 : 0,
    handed_over: s.handedOver ? 1 : 0,
    human_requested: s.humanRequested ? 1 : 0,
    handover_reason: s.handoverReason,
    handover_at: s.handoverAt,
    time_to_human_ms: s.timeToHuman,
    time_to_human_biz_ms: s.timeToHumanBiz,
    first_reply_at: first?.firstReplyAt ?? null,
    frt_ms: first?.frt ?? null,
    frt_biz_ms: first?.frtBiz ?? null,
    nrt_count: sum(nrt.map((r) => r.count)),
    nrt_sum_ms: sum(nrt.map((r) => r.sum)),
    nrt_max_ms: Math.max(0, ...nrt.map((r) => r.max)),
    nrt_sum_biz_ms: sum(nrt.map((r) => r.bizSum)),
    nrt_max_biz_ms: Math.max(0, ...nrt.map((r) => r.bizMax)),
    first_resolved_at: s.firstResolvedAt,
    first_resolution_ms: s.firstResolvedAt !== null ? s.firstResolvedAt - s.createdAt : null,
    first_resolution_biz_ms: s.firstResolutionBiz,
    last_resolved_at: s.lastResolvedAt,
    full_resolution_ms: s.lastResolvedAt !== null ? s.lastResolvedAt - s.createdAt : null,
    full_resolution_biz_ms: s.lastResolutionBiz,
    requester_wait_ms: sum(s.cycles.map((c) => c.wait)),
    requester_wait_biz_ms: sum(s.cycles.map((c) => c.waitBiz)),
    handling_ms: handled.length ? sum(handled.map((c) => c.handling ?? 0)) : null,
    handling_biz_ms: handled.length ? sum(handled.map((c) => c.handlingBiz ?? 0)) : null,
    first_reopen_at: s.firstReopenAt,
    customer_after_resolve_at: s.customerAfterResolveAt,
    last_customer_at: s.lastCustomerAt,
    csat: s.csat,
    csat_comment: s.csatComment,
    nps: null,
    sentiment_first: s.sentimentFirst,
    sentiment_last: s.sentimentLast,
    emotion_first: s.emotionFirst,
    emotion_last: s.emotionLast,
    negative_feedback: s.negativeFeedback ? 1 : 0,
    sla_first_response: slaOutcome(s, 'first_response'),
    sla_next_response: slaOutcome(s, 'next_response'),
    sla_resolution: slaOutcome(s, 'resolution'),
    schedules: [...s.schedules].sort().join(','),
    last_event_id: s.lastEventId,
    updated_at: now,
  };
  const cycles = s.cycles.map(
    (c): ConversationCycleFactsTable => ({
      conversation_id: s.conversationId,
      cycle: c.n,
      account_id: s.accountId,
      opened_at: c.openedAt,
      first_reply_at: c.firstReplyAt,
      frt_ms: c.frt,
      frt_biz_ms: c.frtBiz,
      agent_replies: c.agentReplies,
      nrt_count: c.nextReplies.count,
      nrt_sum_ms: c.nextReplies.sum,
      requester_wait_ms: c.wait,
      requester_wait_biz_ms: c.waitBiz,
      resolved_at: c.resolvedAt,
      resolution_ms: c.resolution,
      resolution_biz_ms: c.resolutionBiz,
      assignee_at_resolution: c.assigneeAtResolution,
      schedule_id: c.scheduleId,
    }),
  );
  const labels = s.labels.map((label) => ({
    conversation_id: s.conversationId,
    account_id: s.accountId,
    label,
    created_at: s.createdAt,
  }));
  return { fact, cycles, labels };
}
