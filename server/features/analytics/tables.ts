/** Tables owned by the analytics feature (merged into DB in types.ts). Times are epoch ms. */

/** The facts processor's running state per conversation (domain/state.ts, JSON). */
export interface AnalyticsConversationStateTable {
  conversation_id: string;
  account_id: string;
  last_event_id: number;
  state: string;
  updated_at: number;
}

/** The business-hours schedule each inbox had from a time on, as the facts processor saw it. */
export interface AnalyticsSchedulesTable {
  account_id: string;
  inbox_id: string;
  effective_from: number;
  schedule_id: string;
  /** WeeklySchedule JSON, or null (always open). */
  hours: string | null;
}

/**
 * One row per conversation: the read model every report reads (never the message tables).
 * Durations are milliseconds, `*_biz_ms` in business time; null when the thing did not happen.
 */
export interface ConversationFactsTable {
  conversation_id: string;
  account_id: string;
  inbox_id: string;
  channel: string;
  contact_id: string;
  team_id: string | null;
  /** The assignee at the last resolution, else the current one. */
  assignee_id: string | null;
  created_at: number;
  status: string;
  intent: string | null;
  language: string | null;
  labels: string;
  cycles: number;
  reopens: number;
  touches: number;
  reassignments: number;
  customer_messages: number;
  bot_messages: number;
  bot_only: number;
  handed_over: number;
  human_requested: number;
  handover_reason: string | null;
  handover_at: number | null;
  time_to_human_ms: number | null;
  time_to_human_biz_ms: number | null;
  first_reply_at: number | null;
  frt_ms: number | null;
  frt_biz_ms: number | null;
  nrt_count: number;
  nrt_sum_ms: number;
  nrt_max_ms: number;
  nrt_sum_biz_ms: number;
  nrt_max_biz_ms: number;
  first_resolved_at: number | null;
  first_resolution_ms: number | null;
  first_resolution_biz_ms: number | null;
  last_resolved_at: number | null;
  full_resolution_ms: number | null;
  full_resolution_biz_ms: number | null;
  requester_wait_ms: number;
  requester_wait_biz_ms: number;
  handling_ms: number | null;
  handling_biz_ms: number | null;
  first_reopen_at: number | null;
  customer_after_resolve_at: number | null;
  last_customer_at: number | null;
  csat: number | null;
  csat_comment: string | null;
  nps: number | null;
  sentiment_first: string | null;
  sentiment_last: string | null;
  emotion_first: string | null;
  emotion_last: string | null;
  negative_feedback: number;
  /** 'met' | 'breached' | 'pending' | null (no SLA target seen) per target. */
  sla_first_response: string | null;
  sla_next_response: string | null;
  sla_resolution: string | null;
  /** Schedule ids the business durations were measured with (comma-separated). */
  schedules: string;
  last_event_id: number;
  updated_at: number;
}

/** One row per resolution cycle of a conversation. */
export interface ConversationCycleFactsTable {
  conversation_id: string;
  cycle: number;
  account_id: string;
  opened_at: number;
  first_reply_at: number | null;
  frt_ms: number | null;
  frt_biz_ms: number | null;
  agent_replies: number;
  nrt_count: number;
  nrt_sum_ms: number;
  requester_wait_ms: number;
  requester_wait_biz_ms: number;
  resolved_at: number | null;
  resolution_ms: number | null;
  resolution_biz_ms: number | null;
  assignee_at_resolution: string | null;
  schedule_id: string;
}

/** Labels of a fact row, one per row (group by label). */
export interface ConversationFactLabelsTable {
  conversation_id: string;
  account_id: string;
  label: string;
  created_at: number;
}

export interface AnalyticsTables {
  analytics_conversation_state: AnalyticsConversationStateTable;
  analytics_schedules: AnalyticsSchedulesTable;
  conversation_facts: ConversationFactsTable;
  conversation_cycle_facts: ConversationCycleFactsTable;
  conversation_fact_labels: ConversationFactLabelsTable;
}

// Merged into the core's database type (declaration merging): the core names no feature.
declare module '../../core/db/types.ts' {
  interface DB extends AnalyticsTables {}
}
