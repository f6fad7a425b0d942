/**
 * Simulation: 10 agents with mixed skills and capacities, 1,000 conversations arriving in bursts, a
 * simulated clock. Checks: capacity never exceeded, nobody starved, angry/VIP customers wait less,
 * positions shown to customers are a consistent 1..n and FIFO holds among equal customers.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_ROUTING, capacityOf, type AgentSnapshot } from './route.ts';
import { DEFAULT_QUEUE, orderQueue, planAssignments, type QueueEntry } from './queue.ts';

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('queue simulation', () => {
  it('1,000 conversations in bursts over 10 agents', () => {
    const rand = rng(42);
    const skills = ['refund', 'shipping', 'complaint'];
    const agents: AgentSnapshot[] = Array.from({ length: 10 }, (_, i) => ({
      id: `a${i}`,
      status: 'online',
      skills: { [skills[i % 3]]: 1 + (i % 5) },
      languages: i % 2 ? ['en'] : ['zh', 'en'],
      teams: [],
      inboxes: [],
      load: {},
      capacity: { '*': 1 + (i % 3) },
      lastAssignedAt: 0,
    }));
    const STEP = 10_000;
    let queue: QueueEntry[] = [];
    const active: Array<{ agentId: string; endsAt: number }> = [];
    const waits = new Map<string, { wait: number; kind: 'angry' | 'vip' | 'normal' }>();
    let created = 0;
    let now = 0;
    let maxLoadSeen = 0;
    for (let tick = 0; created < 1000 || queue.length || active.length; tick++, now += STEP) {
      // bursts: every 6th tick 60 arrivals, otherwise a trickle
      const arrivals =
        created >= 1000
          ? 0
          : Math.min(1000 - created, tick % 6 === 0 ? 60 : Math.floor(rand() * 3));
      for (let k = 0; k < arrivals; k++, created++) {
        const r = rand();
        queue.push({
          id: `c${String(created).padStart(4, '0')}`,
          contactId: `k${created}`,
          inboxId: 'i',
          channel: 'web_widget',
          teamId: null,
          language: rand() < 0.5 ? 'en' : 'zh',
          intent: skills[Math.floor(rand() * 3)],
          priority: 'none',
          anger: r < 0.1 ? 0.9 : 0,
          tier: r >= 0.1 && r < 0.2 ? 'vip' : 'standard',
          previousAgentId: null,
          enqueuedAt: now,
          slaDueAt: null,
          pinnedAt: null,
        });
      }
      for (let i = active.length - 1; i >= 0; i--) {
        if (active[i].endsAt <= now) {
          const a = agents.find((x) => x.id === active[i].agentId)!;
          a.load.web_widget -= 1;
          active.splice(i, 1);
        }
      }
      const ordered = orderQueue(queue, now, DEFAULT_QUEUE);
      checkPositions(ordered, now);
      const plan = planAssignments(ordered, agents, DEFAULT_ROUTING);
      const assigned = new Set(plan.map((p) => p.conversationId));
      for (const p of plan) {
        const e = queue.find((q) => q.id === p.conversationId)!;
        waits.set(e.id, {
          wait: now - e.enqueuedAt,
          kind: e.anger ? 'angry' : e.tier === 'vip' ? 'vip' : 'normal',
        });
        active.push({ agentId: p.agentId, endsAt: now + 60_000 + Math.floor(rand() * 240_000) });
        agents.find((a) => a.id === p.agentId)!.lastAssignedAt = now;
      }
      queue = queue.filter((q) => !assigned.has(q.id));
      for (const a of agents) {
        expect(a.load.web_widget ?? 0).toBeLessThanOrEqual(capacityOf(a, 'web_widget'));
        maxLoadSeen = Math.max(maxLoadSeen, a.load.web_widget ?? 0);
      }
      expect(tick).toBeLessThan(10_000);
    }
    expect(waits.size).toBe(1000);
    expect(maxLoadSeen).toBe(3);
    const avg = (kind: string) => {
      const w = [...waits.values()].filter((x) => x.kind === kind);
      return w.reduce((s, x) => s + x.wait, 0) / w.length;
    };
    expect(avg('angry')).toBeLessThan(avg('normal'));
    expect(avg('vip')).toBeLessThan(avg('normal'));
    const maxWait = Math.max(...[...waits.values()].map((w) => w.wait));
    // no starvation: with aging, the longest wait stays within a bound of the average normal wait
    expect(maxWait).toBeLessThan(avg('normal') * 4 + 30 * 60_000);
  });
});

let lastOrder: string[] = [];
function checkPositions(ordered: QueueEntry[], now: number) {
  const positions = ordered.map((_, i) => i + 1);
  expect(new Set(positions).size).toBe(ordered.length);
  // FIFO among equal customers: two plain customers keep their relative order between ticks
  const plain = ordered.filter((e) => !e.anger && e.tier === 'standard').map((e) => e.id);
  const prev = lastOrder.filter((id) => plain.includes(id));
  const cur = plain.filter((id) => prev.includes(id));
  expect(cur).toEqual(prev);
  lastOrder = plain;
  void now;
}
