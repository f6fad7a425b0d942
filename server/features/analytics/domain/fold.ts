/**
 * The facts' one rule set: a conversation's state advanced by one event (pure). The live processor
 * and `kefu analytics rebuild` both fold the same events through this function, in event id order,
 * so they agree by construction. Times are the events' commit times, never the wall clock.
 *
 * - A resolution cycle starts when the conversation (re)opens to humans: created in human mode,
 *   handed over by the bot (mode bot → human), or reopened (resolved/closed → open) in human mode.
 * - A first reply is the cycle's first public message of an agent (sender user, type outgoing):
 *   bot and system messages (bot answers, handover notices, auto-replies, CSAT requests) never count.
 * - The customer waits from the cycle's start, and from each message of theirs while not already
 *   waiting, until an agent replies or the conversation is resolved (requester wait).
 */
import { type ConversationState, type ConversationView, type Cycle, emptySeries } from './state.ts';

export interface FoldEvent {
  id: number;
  type: string;
  createdAt: number;
  payload: unknown;
}

/** Business time under the inbox's schedule history, and the schedule in force at an instant. */
export interface BusinessClock {
  ms(a: number, b: number): number;
  scheduleAt(ts: number): string;
}

const RECENT = 64;
const CLOSED = new Set(['resolved', 'closed']);
const HUMAN_REQUESTS = new Set(['customer_request', 'detected_request']);

/** Whether the event was folded in already (duplicate delivery), or arrives after a newer one. */
export function ordering(state: ConversationState, id: number): 'new' | 'duplicate' | 'late' {
  if (id > state.lastEventId) return 'new';
  if (state.recent.includes(id)) return 'duplicate';
  return state.recent.length && id < state.recent[0] ? 'duplicate' : 'late';
}

type P = Record<string, unknown>;
const conv = (payload: unknown): ConversationView | null =>
  ((payload as P)?.conversation as ConversationView | undefined) ?? null;

export function fold(state: ConversationState, e: FoldEvent, clock: BusinessClock): void {
  const t = e.createdAt;
  const p = e.payload as P;
  const view = conv(p);
  if (view) applyView(state, view, t, clock);
  switch (e.type) {
    case 'message.created':
      onMessage(state, p.message as P, t, clock);
      break;
    case 'conversation.assigned': {
      const prev = p.previousAssigneeId as string | null;
      if (prev && view?.assigneeId && view.assigneeId !== prev) state.reassignments++;
      break;
    }
    case 'conversation.handover_requested': {
      const reason = String(p.reason);
      state.handedOver = true;
      state.handoverAt ??= t;
      state.handoverReason ??= reason;
      if (HUMAN_REQUESTS.has(reason)) state.humanRequested = true;
      break;
    }
    case 'message.analyzed': {
      const sentiment = (p.sentiment as P | undefined)?.label as string | undefined;
      const emotion = (p.emotion as P | undefined)?.label as string | undefined;
      if (sentiment) {
        state.sentimentFirst ??= sentiment;
        state.sentimentLast = sentiment;
      }
      if (emotion) {
        state.emotionFirst ??= emotion;
        state.emotionLast = emotion;
      }
      const intent = (p.intent as P | null)?.label as string | undefined;
      if (intent && intent !== 'oos') state.intent ??= intent;
      if (typeof p.language === 'string') state.language ??= p.language;
      if (p.humanRequest === true) state.humanRequested = true;
      break;
    }
    case 'bot.feedback':
      if (p.helpful === false) state.negativeFeedback = true;
      break;
    case 'csat.received':
      state.csat = Number(p.rating);
      state.csatComment = (p.comment as string | null) ?? null;
      break;
    case 'sla.warning':
    case 'sla.breached': {
      const kind = String(p.kind);
      if (!state.slaSeen.includes(kind)) state.slaSeen.push(kind);
      if (e.type === 'sla.breached' && !state.slaBreached.includes(kind))
        state.slaBreached.push(kind);
      break;
    }
  }
  state.lastEventId = Math.max(state.lastEventId, e.id);
  state.recent.push(e.id);
  state.recent.sort((a, b) => a - b);
  if (state.recent.length > RECENT) state.recent.splice(0, state.recent.length - RECENT);
}

const openCycle = (s: ConversationState): Cycle | null => {
  const c = s.cycles[s.cycles.length - 1];
  return c && c.resolvedAt === null ? c : null;
};

function noteSchedule(s: ConversationState, id: string): void {
  if (!s.schedules.includes(id)) s.schedules.push(id);
}

function startCycle(s: ConversationState, t: number, clock: BusinessClock): Cycle {
  const scheduleId = clock.scheduleAt(t);
  noteSchedule(s, scheduleId);
  const c: Cycle = {
    n: s.cycles.length + 1,
    openedAt: t,
    firstReplyAt: null,
    frt: null,
    frtBiz: null,
    waitingSince: t,
    nextReplies: emptySeries(),
    wait: 0,
    waitBiz: 0,
    agentReplies: 0,
    resolvedAt: null,
    resolution: null,
    resolutionBiz: null,
    handling: null,
    handlingBiz: null,
    assigneeAtResolution: null,
    scheduleId,
  };
  s.cycles.push(c);
  return c;
}

function endWait(s: ConversationState, c: Cycle, t: number, clock: BusinessClock): void {
  if (c.waitingSince === null) return;
  c.wait += t - c.waitingSince;
  c.waitBiz += clock.ms(c.waitingSince, t);
  noteSchedule(s, clock.scheduleAt(t));
  c.waitingSince = null;
}

/** Status, mode, assignee, team and labels as the event's conversation shows them. */
function applyView(
  s: ConversationState,
  v: ConversationView,
  t: number,
  clock: BusinessClock,
): void {
  s.inboxId = v.inboxId;
  s.teamId = v.teamId;
  s.assigneeId = v.assigneeId;
  if (v.labels) s.labels = [...v.labels].sort();
  const wasClosed = CLOSED.has(s.status);
  const isClosed = CLOSED.has(v.status);
  const fresh = s.status === 'new';
  if (!fresh && wasClosed && !isClosed) {
    s.reopens++;
    s.lastResolvedAt = null;
    s.lastResolutionBiz = null;
    if (s.firstResolvedAt !== null) s.firstReopenAt ??= t;
  }
  if (!fresh && s.mode === 'bot' && v.mode === 'human') {
    s.handedOver = true;
    s.handoverAt ??= t;
  }
  s.status = v.status;
  s.mode = v.mode;
  // (re)opened to humans: created in human mode, handed over, or reopened with a human
  if (!isClosed && v.mode === 'human' && !openCycle(s)) startCycle(s, t, clock);
  if (!wasClosed && isClosed) resolve(s, v, t, clock);
}

function resolve(s: ConversationState, v: ConversationView, t: number, clock: BusinessClock) {
  const biz = clock.ms(s.createdAt, t);
  if (s.firstResolvedAt === null) {
    s.firstResolvedAt = t;
    s.firstResolutionBiz = biz;
  }
  s.lastResolvedAt = t;
  s.lastResolutionBiz = biz;
  const c = openCycle(s);
  if (!c) return;
  endWait(s, c, t, clock);
  c.resolvedAt = t;
  c.resolution = t - c.openedAt;
  c.resolutionBiz = clock.ms(c.openedAt, t);
  if (c.firstReplyAt !== null) {
    c.handling = t - c.firstReplyAt;
    c.handlingBiz = clock.ms(c.firstReplyAt, t);
  }
  c.assigneeAtResolution = v.assigneeId;
  noteSchedule(s, clock.scheduleAt(t));
}

function onMessage(s: ConversationState, m: P, t: number, clock: BusinessClock): void {
  const type = m.type as string;
  const sender = (m.sender as P | undefined)?.type as string | undefined;
  if (type === 'incoming' && sender === 'contact') {
    s.customerMessages++;
    s.lastCustomerAt = t;
    if (s.firstResolvedAt !== null && s.customerAfterResolveAt === null)
      s.customerAfterResolveAt = t;
    const c = openCycle(s);
    if (c && c.waitingSince === null) c.waitingSince = t;
    return;
  }
  if (type !== 'outgoing') return;
  if (sender !== 'user') {
    if (sender === 'bot') s.botMessages++;
    return; // bot answers, handover notices, auto-replies and CSAT requests are never replies
  }
  s.touches++;
  const c = openCycle(s) ?? startCycle(s, t, clock); // an agent stepped in while the bot had it
  c.agentReplies++;
  if (c.firstReplyAt === null) {
    c.firstReplyAt = t;
    c.frt = t - c.openedAt;
    c.frtBiz = clock.ms(c.openedAt, t);
  } else if (c.waitingSince !== null) {
    const d = t - c.waitingSince;
    const db = clock.ms(c.waitingSince, t);
    const r = c.nextReplies;
    r.count++;
    r.sum += d;
    r.max = Math.max(r.max, d);
    r.bizSum += db;
    r.bizMax = Math.max(r.bizMax, db);
  }
  endWait(s, c, t, clock);
  if (s.handoverAt !== null && s.timeToHuman === null) {
    s.timeToHuman = t - s.handoverAt;
    s.timeToHumanBiz = clock.ms(s.handoverAt, t);
  }
}
