/**
 * The facts' rules on scripted histories with known answers (calendar time; business time is in
 * business-time.test.ts and facts-live.test.ts): FRT after (re)open excluding bot and automatic
 * messages, next replies, resolutions, requester wait, reopens, touches, reassignments, bot-only,
 * handover and time to human, CSAT, sentiment first → last, SLA outcomes, duplicates skipped.
 */
import { describe, expect, it } from 'vitest';
import { History } from '../test/history.ts';
import { factRows } from './facts.ts';
import { type BusinessClock, fold, ordering } from './fold.ts';
import { initialState } from './state.ts';

const calendar: BusinessClock = { ms: (a, b) => Math.max(0, b - a), scheduleAt: () => 'always' };
const T0 = Date.UTC(2026, 2, 2, 9, 0, 0); // a Monday
const MIN = 60_000;

function run(h: History) {
  const s = initialState('acct', h.view);
  for (const e of h.events) if (ordering(s, e.id) === 'new') fold(s, e, calendar);
  return { state: s, ...factRows(s, 'web_widget', 0) };
}

describe('conversation facts (fold)', () => {
  it('bot → handover → agent: FRT from the handover, bot and notices never count, time to human', () => {
    const h = new History(T0, 'bot').created();
    h.customer(T0)
      .bot(T0 + 1000)
      .autoReply(T0 + 2000);
    h.handover(T0 + 2 * MIN);
    h.assign(T0 + 3 * MIN, 'agent-a');
    h.note(T0 + 4 * MIN);
    h.agent(T0 + 7 * MIN);
    const { fact, cycles } = run(h);
    expect(fact.frt_ms).toBe(5 * MIN); // handover at +2 min → first agent reply at +7 min
    expect(fact.time_to_human_ms).toBe(5 * MIN);
    expect(fact.handed_over).toBe(1);
    expect(fact.bot_only).toBe(0);
    expect(fact.human_requested).toBe(1);
    expect(fact.handover_reason).toBe('customer_request');
    expect(fact.bot_messages).toBe(1);
    expect(fact.touches).toBe(1);
    expect(cycles).toHaveLength(1);
    expect(cycles[0].opened_at).toBe(T0 + 2 * MIN);
  });

  it('reopen starts a new cycle: FRT per cycle, first and full resolution, requester wait, reopens', () => {
    const h = new History(T0, 'human').created();
    h.customer(T0);
    h.agent(T0 + 10 * MIN); // FRT 10 min, wait 10
    h.customer(T0 + 20 * MIN);
    h.customer(T0 + 21 * MIN); // already waiting
    h.agent(T0 + 25 * MIN); // next reply 5 min, wait 5
    h.status(T0 + 30 * MIN, 'resolved'); // first resolution 30 min
    h.customerReopens(T0 + 60 * MIN); // cycle 2 opens, wait from +60
    h.agent(T0 + 62 * MIN); // cycle 2 FRT 2 min, wait 2
    h.status(T0 + 90 * MIN, 'resolved'); // full resolution 90 min
    const { fact, cycles } = run(h);
    expect(fact.frt_ms).toBe(10 * MIN);
    expect(fact.nrt_count).toBe(1);
    expect(fact.nrt_sum_ms).toBe(5 * MIN);
    expect(fact.first_resolution_ms).toBe(30 * MIN);
    expect(fact.full_resolution_ms).toBe(90 * MIN);
    expect(fact.requester_wait_ms).toBe(17 * MIN);
    expect(fact.reopens).toBe(1);
    expect(fact.first_reopen_at).toBe(T0 + 60 * MIN);
    expect(fact.customer_after_resolve_at).toBe(T0 + 60 * MIN);
    expect(fact.touches).toBe(3);
    expect(fact.cycles).toBe(2);
    expect(cycles.map((c) => c.frt_ms)).toEqual([10 * MIN, 2 * MIN]);
    expect(cycles.map((c) => c.resolution_ms)).toEqual([30 * MIN, 30 * MIN]);
    expect(fact.handling_ms).toBe(20 * MIN + 28 * MIN); // first reply → resolution, per cycle
  });

  it('an open conversation has no full resolution; resolved-then-reopened keeps its first', () => {
    const h = new History(T0, 'human').created();
    h.customer(T0)
      .agent(T0 + MIN)
      .status(T0 + 2 * MIN, 'resolved')
      .customerReopens(T0 + 3 * MIN);
    const { fact } = run(h);
    expect(fact.first_resolution_ms).toBe(2 * MIN);
    expect(fact.full_resolution_ms).toBeNull();
    expect(fact.last_resolved_at).toBeNull();
  });

  it('reassignments count changes from one agent to another; the assignee at resolution is kept', () => {
    const h = new History(T0, 'human').created();
    h.customer(T0)
      .assign(T0 + MIN, 'a')
      .assign(T0 + 2 * MIN, 'b')
      .assign(T0 + 3 * MIN, 'c');
    h.agent(T0 + 4 * MIN).status(T0 + 5 * MIN, 'resolved');
    h.assign(T0 + 6 * MIN, 'd');
    const { fact, cycles } = run(h);
    expect(fact.reassignments).toBe(3);
    expect(cycles[0].assignee_at_resolution).toBe('c');
    expect(fact.assignee_id).toBe('c');
  });

  it('bot-only: the bot answered, no human; CSAT, sentiment first → last, negative feedback', () => {
    const h = new History(T0, 'bot').created();
    h.customer(T0)
      .analyzed(T0, 'negative', 'angry', 'refund')
      .bot(T0 + 1000);
    h.customer(T0 + MIN)
      .analyzed(T0 + MIN, 'positive', 'happy', 'other')
      .bot(T0 + MIN + 1000);
    h.feedback(T0 + 2 * MIN, false);
    h.status(T0 + 3 * MIN, 'resolved').csat(T0 + 4 * MIN, 4);
    const { fact, cycles } = run(h);
    expect(fact.bot_only).toBe(1);
    expect(fact.handed_over).toBe(0);
    expect(fact.frt_ms).toBeNull();
    expect(cycles).toHaveLength(0);
    expect(fact.first_resolution_ms).toBe(3 * MIN);
    expect(fact.csat).toBe(4);
    expect([fact.sentiment_first, fact.sentiment_last]).toEqual(['negative', 'positive']);
    expect([fact.emotion_first, fact.emotion_last]).toEqual(['angry', 'happy']);
    expect(fact.intent).toBe('refund');
    expect(fact.negative_feedback).toBe(1);
  });

  it('an agent stepping into a bot conversation is a handover with time to human 0', () => {
    const h = new History(T0, 'bot').created();
    h.customer(T0).bot(T0 + 1000);
    h.view.mode = 'human'; // send-message: an agent's reply turns the conversation to human
    h.agent(T0 + MIN);
    const { fact } = run(h);
    expect(fact.handed_over).toBe(1);
    expect(fact.time_to_human_ms).toBe(0);
    expect(fact.bot_only).toBe(0);
    expect(fact.touches).toBe(1);
  });

  it('SLA outcome per target: breached, met (target reached without a breach), none seen', () => {
    const h = new History(T0, 'human').created();
    h.customer(T0).sla(T0 + MIN, 'sla.warning', 'first_response');
    h.agent(T0 + 2 * MIN).sla(T0 + 3 * MIN, 'sla.breached', 'resolution');
    const { fact } = run(h);
    expect(fact.sla_first_response).toBe('met');
    expect(fact.sla_resolution).toBe('breached');
    expect(fact.sla_next_response).toBeNull();
  });

  it('is idempotent: a replayed event is skipped, an older one is reported late', () => {
    const h = new History(T0, 'human').created();
    h.customer(T0).agent(T0 + MIN);
    const s = initialState('acct', h.view);
    for (const e of h.events) fold(s, e, calendar);
    const before = JSON.stringify(s);
    for (const e of h.events) expect(ordering(s, e.id)).toBe('duplicate');
    expect(JSON.stringify(s)).toBe(before);
    s.recent = [2, 3];
    expect(ordering(s, 1)).toBe('duplicate'); // older than anything remembered: folded long ago
    s.recent = [1, 3];
    expect(ordering(s, 2)).toBe('late');
    expect(ordering(s, 4)).toBe('new');
  });
});
