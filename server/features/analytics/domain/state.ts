/**
 * What the facts processor remembers per conversation between events (stored as JSON in
 * `analytics_conversation_state`): the running clocks and counters the facts are computed from.
 * Pure data; `fold.ts` advances it one event at a time, `facts.ts` turns it into rows.
 */

/** Count, sum and maximum of a series of durations, in calendar and business milliseconds. */
export interface DurationSeries {
  count: number;
  sum: number;
  max: number;
  bizSum: number;
  bizMax: number;
}

export const emptySeries = (): DurationSeries => ({
  count: 0,
  sum: 0,
  max: 0,
  bizSum: 0,
  bizMax: 0,
});

/** One resolution cycle: from when the conversation (re)opened to humans until it was resolved. */
export interface Cycle {
  n: number;
  openedAt: number;
  firstReplyAt: number | null;
  frt: number | null;
  frtBiz: number | null;
  /** The customer has waited for an agent since then (null: not waiting). */
  waitingSince: number | null;
  nextReplies: DurationSeries;
  wait: number;
  waitBiz: number;
  agentReplies: number;
  resolvedAt: number | null;
  resolution: number | null;
  resolutionBiz: number | null;
  handling: number | null;
  handlingBiz: number | null;
  assigneeAtResolution: string | null;
  /** Schedule in force when the cycle opened. */
  scheduleId: string;
}

export interface ConversationState {
  v: 1;
  accountId: string;
  conversationId: string;
  inboxId: string;
  contactId: string;
  teamId: string | null;
  assigneeId: string | null;
  labels: string[];
  createdAt: number;
  status: string;
  mode: string;
  /** The newest event folded in, and the ids of the last few (duplicates are skipped). */
  lastEventId: number;
  recent: number[];
  customerMessages: number;
  lastCustomerAt: number | null;
  botMessages: number;
  touches: number;
  reassignments: number;
  reopens: number;
  handedOver: boolean;
  handoverAt: number | null;
  handoverReason: string | null;
  humanRequested: boolean;
  timeToHuman: number | null;
  timeToHumanBiz: number | null;
  firstResolvedAt: number | null;
  lastResolvedAt: number | null;
  /** Business time from creation to the first and to the latest resolution. */
  firstResolutionBiz: number | null;
  lastResolutionBiz: number | null;
  firstReopenAt: number | null;
  customerAfterResolveAt: number | null;
  csat: number | null;
  csatComment: string | null;
  sentimentFirst: string | null;
  sentimentLast: string | null;
  emotionFirst: string | null;
  emotionLast: string | null;
  intent: string | null;
  language: string | null;
  negativeFeedback: boolean;
  /** SLA targets seen (warning or breach events) and breached: first_response, next_response, resolution. */
  slaSeen: string[];
  slaBreached: string[];
  cycles: Cycle[];
  /** Schedules used by any duration (ids). */
  schedules: string[];
}

/** The conversation fields events carry (ConversationDTO, the part the facts read). */
export interface ConversationView {
  id: string;
  inboxId: string;
  contactId: string;
  status: string;
  mode: string;
  assigneeId: string | null;
  teamId: string | null;
  createdAt: string;
  labels?: string[];
}

export function initialState(accountId: string, c: ConversationView): ConversationState {
  return {
    v: 1,
    accountId,
    conversationId: c.id,
    inboxId: c.inboxId,
    contactId: c.contactId,
    teamId: c.teamId,
    assigneeId: c.assigneeId,
    labels: c.labels ?? [],
    createdAt: Date.parse(c.createdAt),
    status: 'new',
    mode: 'new',
    lastEventId: 0,
    recent: [],
    customerMessages: 0,
    lastCustomerAt: null,
    botMessages: 0,
    touches: 0,
    reassignments: 0,
    reopens: 0,
    handedOver: false,
    handoverAt: null,
    handoverReason: null,
    humanRequested: false,
    timeToHuman: null,
    timeToHumanBiz: null,
    firstResolvedAt: null,
    lastResolvedAt: null,
    firstResolutionBiz: null,
    lastResolutionBiz: null,
    firstReopenAt: null,
    customerAfterResolveAt: null,
    csat: null,
    csatComment: null,
    sentimentFirst: null,
    sentimentLast: null,
    emotionFirst: null,
    emotionLast: null,
    intent: null,
    language: null,
    negativeFeedback: false,
    slaSeen: [],
    slaBreached: [],
    cycles: [],
    schedules: [],
  };
}
