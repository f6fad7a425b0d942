/**
 * The report's numbers from fact rows (pure). Definitions: docs/METRICS.md (each names its test,
 * domain/metrics.test.ts). Durations in calendar or business milliseconds, as asked.
 */
import { type Distribution, distribution } from './percentile.ts';

/** The columns a report reads of a fact row (numbers already converted). */
export interface FactRow {
  conversation_id: string;
  created_at: number;
  channel: string;
  inbox_id: string;
  team_id: string | null;
  assignee_id: string | null;
  intent: string | null;
  labels: string;
  status: string;
  cycles: number;
  touches: number;
  reopens: number;
  reassignments: number;
  bot_messages: number;
  bot_only: number;
  handed_over: number;
  human_requested: number;
  negative_feedback: number;
  frt_ms: number | null;
  frt_biz_ms: number | null;
  nrt_count: number;
  nrt_sum_ms: number;
  nrt_sum_biz_ms: number;
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
  time_to_human_ms: number | null;
  time_to_human_biz_ms: number | null;
  first_reopen_at: number | null;
  customer_after_resolve_at: number | null;
  last_customer_at: number | null;
  csat: number | null;
  nps: number | null;
  sla_first_response: string | null;
  sla_next_response: string | null;
  sla_resolution: string | null;
}

export interface MetricOptions {
  businessHours: boolean;
  /** FCR / AI-resolution window (ms). */
  windowMs: number;
  now: number;
}

const DURATIONS = [
  'frt',
  'nextReply',
  'firstResolution',
  'fullResolution',
  'requesterWait',
  'timeToHuman',
  'handling',
] as const;
export type DurationName = (typeof DURATIONS)[number];

export interface Metrics {
  conversations: number;
  resolved: number;
  reopened: number;
  botInvolved: number;
  botOnly: number;
  handedOver: number;
  aiResolved: number;
  oneTouch: number;
  fcr: { eligible: number; achieved: number };
  csat: { responses: number; satisfied: number };
  nps: { responses: number; promoters: number; detractors: number };
  sla: { met: number; breached: number };
  rates: {
    oneTouch: number | null;
    fcr: number | null;
    aiResolution: number | null;
    handover: number | null;
    csat: number | null;
    nps: number | null;
    slaAchievement: number | null;
  };
  durations: Record<DurationName, Distribution>;
}

const within = (at: number | null, start: number, windowMs: number) =>
  at !== null && at <= start + windowMs;

export const isOneTouch = (f: FactRow) =>
  f.last_resolved_at !== null && f.cycles > 0 && f.touches < 2;

/** null: not decided yet (the window has not passed); else whether it was resolved at first contact. */
export function isFcr(f: FactRow, o: MetricOptions): boolean | null {
  const at = f.first_resolved_at;
  if (at === null || f.cycles === 0) return null;
  const back =
    within(f.customer_after_resolve_at, at, o.windowMs) ||
    within(f.first_reopen_at, at, o.windowMs);
  if (back) return false;
  return at + o.windowMs <= o.now ? true : null;
}

export function isAiResolved(f: FactRow, o: MetricOptions): boolean {
  if (!f.bot_only || f.human_requested || f.negative_feedback) return false;
  const at = f.first_resolved_at;
  if (at !== null) return !within(f.first_reopen_at, at, o.windowMs);
  // ended without a resolve: the customer went quiet for the whole window
  return f.last_customer_at !== null && f.last_customer_at + o.windowMs <= o.now;
}

export function durationOf(f: FactRow, name: DurationName, biz: boolean): number | null {
  switch (name) {
    case 'frt':
      return biz ? f.frt_biz_ms : f.frt_ms;
    case 'nextReply':
      return f.nrt_count ? Math.round((biz ? f.nrt_sum_biz_ms : f.nrt_sum_ms) / f.nrt_count) : null;
    case 'firstResolution':
      return biz ? f.first_resolution_biz_ms : f.first_resolution_ms;
    case 'fullResolution':
      return biz ? f.full_resolution_biz_ms : f.full_resolution_ms;
    case 'requesterWait':
      return f.cycles ? (biz ? f.requester_wait_biz_ms : f.requester_wait_ms) : null;
    case 'timeToHuman':
      return biz ? f.time_to_human_biz_ms : f.time_to_human_ms;
    case 'handling':
      return biz ? f.handling_biz_ms : f.handling_ms;
  }
}

const rate = (n: number, d: number) => (d ? n / d : null);

export function metricsOf(rows: readonly FactRow[], o: MetricOptions): Metrics {
  const m: Metrics = {
    conversations: rows.length,
    resolved: 0,
    reopened: 0,
    botInvolved: 0,
    botOnly: 0,
    handedOver: 0,
    aiResolved: 0,
    oneTouch: 0,
    fcr: { eligible: 0, achieved: 0 },
    csat: { responses: 0, satisfied: 0 },
    nps: { responses: 0, promoters: 0, detractors: 0 },
    sla: { met: 0, breached: 0 },
    rates: {
      oneTouch: null,
      fcr: null,
      aiResolution: null,
      handover: null,
      csat: null,
      nps: null,
      slaAchievement: null,
    },
    durations: {} as Metrics['durations'],
  };
  const values = Object.fromEntries(DURATIONS.map((d) => [d, [] as number[]])) as Record<
    DurationName,
    number[]
  >;
  let humanResolved = 0;
  for (const f of rows) {
    if (f.last_resolved_at !== null) m.resolved++;
    if (f.last_resolved_at !== null && f.cycles > 0) humanResolved++;
    if (f.reopens > 0) m.reopened++;
    if (f.bot_messages > 0) m.botInvolved++;
    if (f.bot_only) m.botOnly++;
    if (f.handed_over) m.handedOver++;
    if (isAiResolved(f, o)) m.aiResolved++;
    if (isOneTouch(f)) m.oneTouch++;
    const fcr = isFcr(f, o);
    if (fcr !== null) {
      m.fcr.eligible++;
      if (fcr) m.fcr.achieved++;
    }
    if (f.csat !== null) {
      m.csat.responses++;
      if (f.csat >= 4) m.csat.satisfied++;
    }
    if (f.nps !== null) {
      m.nps.responses++;
      if (f.nps >= 9) m.nps.promoters++;
      else if (f.nps <= 6) m.nps.detractors++;
    }
    for (const s of [f.sla_first_response, f.sla_next_response, f.sla_resolution]) {
      if (s === 'met') m.sla.met++;
      else if (s === 'breached') m.sla.breached++;
    }
    for (const d of DURATIONS) {
      const v = durationOf(f, d, o.businessHours);
      if (v !== null) values[d].push(v);
    }
  }
  for (const d of DURATIONS) m.durations[d] = distribution(values[d]);
  m.rates = {
    oneTouch: rate(m.oneTouch, humanResolved),
    fcr: rate(m.fcr.achieved, m.fcr.eligible),
    aiResolution: rate(m.aiResolved, m.botInvolved),
    handover: rate(m.handedOver, m.botInvolved),
    csat: rate(m.csat.satisfied, m.csat.responses),
    nps: m.nps.responses
      ? Math.round(((m.nps.promoters - m.nps.detractors) / m.nps.responses) * 100)
      : null,
    slaAchievement: rate(m.sla.met, m.sla.met + m.sla.breached),
  };
  return m;
}
