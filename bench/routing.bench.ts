/**
 * Routing benchmarks (pure, in-process, one core), see bench/README.md.
 *   raw_agent_scan → routing_p99: one routing decision with 500 online agents and 10k queued
 *   conversations: a slot frees → planAssignments walks the ordered queue and picks the agent for the
 *   head (pickAgent over 500 agents, all strategies, skills/language/team filters), plus placing a new
 *   arrival (pickAgent). Baseline: a plain array scan of the 500 agents for the least-loaded one with
 *   capacity plus a scan of the 10k queue for its head.
 *   queue_order_p99 (informational): re-ordering all 10k queued conversations (priority class, boosts, aging).
 */
import {
  DEFAULT_QUEUE,
  orderQueue,
  planAssignments,
  type QueueEntry,
} from '../server/features/routing/domain/queue.ts';
import {
  DEFAULT_ROUTING,
  pickAgent,
  type AgentSnapshot,
} from '../server/features/routing/domain/route.ts';
import { percentile, round } from './lib/stats.ts';

interface Line {
  name: string;
  value: number;
  unit: string;
  [k: string]: unknown;
}

const SKILLS = ['refund', 'where_is_order', 'complaint', 'invoice', 'account'];

function agents(n: number): AgentSnapshot[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `agent-${String(i).padStart(4, '0')}`,
    status: 'online' as const,
    skills: { [SKILLS[i % 5]]: 1 + (i % 5), [SKILLS[(i + 2) % 5]]: 1 + ((i * 7) % 5) },
    languages: i % 3 ? ['zh', 'en'] : ['en'],
    teams: i % 4 ? ['support'] : ['billing', 'support'],
    inboxes: [],
    load: { web_widget: 2 },
    capacity: { '*': 2 },
    lastAssignedAt: (i * 13) % 1000,
  }));
}

function queue(n: number, now: number): QueueEntry[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `conv-${String(i).padStart(6, '0')}`,
    contactId: `c${i}`,
    inboxId: 'inbox',
    channel: 'web_widget',
    teamId: i % 10 === 0 ? 'billing' : null,
    language: i % 2 ? 'zh' : 'en',
    intent: SKILLS[i % 5],
    priority: i % 17 === 0 ? 'high' : 'none',
    anger: i % 11 === 0 ? 0.9 : 0,
    tier: i % 13 === 0 ? 'vip' : 'standard',
    previousAgentId: i % 7 === 0 ? `agent-${String(i % 500).padStart(4, '0')}` : null,
    enqueuedAt: now - (n - i) * 100,
    slaDueAt: null,
    pinnedAt: null,
  }));
}

function timeIt(iterations: number, fn: (i: number) => void): number[] {
  for (let i = 0; i < Math.min(200, iterations); i++) fn(i);
  const out: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t = performance.now();
    fn(i);
    out.push(performance.now() - t);
  }
  return out;
}

export async function run(opts: { quick: boolean }, emit: (line: Line) => void): Promise<void> {
  const iterations = opts.quick ? 2_000 : 20_000;
  const now = 10_000_000;
  const pool = agents(500);
  const q = queue(10_000, now);
  const ordered = orderQueue(q, now, DEFAULT_QUEUE);
  const channels = new Set(q.map((e) => e.channel)); // part of the queue snapshot
  let sink = 0;

  const baseline = timeIt(iterations, (i) => {
    const freed = pool[i % 500];
    freed.load.web_widget = 1;
    let best: AgentSnapshot | null = null;
    for (const a of pool)
      if (
        a.status === 'online' &&
        a.load.web_widget < 2 &&
        (!best || a.load.web_widget < best.load.web_widget)
      )
        best = a;
    let head = q[0];
    for (const e of q) if (e.enqueuedAt < head.enqueuedAt) head = e;
    sink += (best ? 1 : 0) + head.enqueuedAt;
    freed.load.web_widget = 2;
  });

  const decision = timeIt(iterations, (i) => {
    const freed = pool[(i * 37) % 500];
    freed.load.web_widget = 1; // a slot frees
    const plan = planAssignments(ordered, pool, DEFAULT_ROUTING, channels);
    const arrival = pickAgent(q[i % q.length], pool, DEFAULT_ROUTING); // and a new arrival is placed (nobody free → queued)
    sink += plan.length + (arrival ? 1 : 0);
    freed.load.web_widget = 2;
  });

  const orderTimes = timeIt(opts.quick ? 50 : 300, (i) => {
    sink += orderQueue(q, now + i, DEFAULT_QUEUE).length;
  });
  if (sink === 42) process.stderr.write('.');

  const base = round(percentile(baseline, 99), 4);
  const p99 = round(percentile(decision, 99), 4);
  emit({
    name: 'raw_agent_scan',
    value: base,
    unit: 'ms',
    agents: 500,
    queued: 10_000,
    p50: round(percentile(baseline, 50), 4),
    n: iterations,
  });
  emit({
    name: 'routing_p99',
    value: p99,
    unit: 'ms',
    baseline: 'raw_agent_scan',
    baseline_value: base,
    ratio: round(p99 / base, 3),
    goal: 2,
    goal_on: 'value',
    better: 'lower',
    goal_met: p99 <= 2,
    p50: round(percentile(decision, 50), 4),
    agents: 500,
    queued: 10_000,
    n: iterations,
    quick: opts.quick,
  });
  const orderP99 = round(percentile(orderTimes, 99), 3);
  emit({
    name: 'queue_order_p99',
    value: orderP99,
    unit: 'ms',
    baseline: 'raw_agent_scan',
    baseline_value: base,
    ratio: round(orderP99 / base, 3),
    queued: 10_000,
    informational: true,
    quick: opts.quick,
  });
}
