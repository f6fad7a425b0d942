/**
 * The human queue as pure functions: order (priority class, then arrival), boosts for angry / VIP /
 * near-SLA-breach conversations, aging so nobody starves, positions, wait estimates, overflow, and
 * the assignment plan when capacity is free.
 */
import type { Priority } from '../../../core/db/types.ts';
import {
  capacityOf,
  hasCapacity,
  pickAgent,
  type AgentSnapshot,
  type ConversationSnapshot,
  type RoutingConfig,
} from './route.ts';

export interface QueueEntry extends ConversationSnapshot {
  contactId: string;
  enqueuedAt: number;
  /** First-response due time (SLA), when a policy applies. */
  slaDueAt: number | null;
  /** Supervisor moved it to the front at this time. */
  pinnedAt: number | null;
}

export interface QueueConfig {
  /** Every `agingMs` of waiting adds one priority class (bounded by maxAging). */
  agingMs: number;
  maxAging: number;
  /** Within this of the SLA due time, a conversation counts as near breach. */
  nearBreachMs: number;
  angerThreshold: number;
  overflow: { maxQueue: number | null; maxWaitSeconds: number | null; teamId: string | null };
  /** Used until there are recent handle times. */
  defaultHandleSeconds: number;
}

export const DEFAULT_QUEUE: QueueConfig = {
  agingMs: 5 * 60_000,
  maxAging: 4,
  nearBreachMs: 60_000,
  angerThreshold: 0.6,
  overflow: { maxQueue: null, maxWaitSeconds: null, teamId: null },
  defaultHandleSeconds: 180,
};

export const PRIORITY_RANK: Record<Priority, number> = {
  none: 0,
  low: 0,
  medium: 1,
  high: 2,
  urgent: 3,
};

/** Priority class: higher is served first. */
export function queueClass(e: QueueEntry, now: number, cfg: QueueConfig): number {
  let c = PRIORITY_RANK[e.priority] ?? 0;
  if (e.anger >= cfg.angerThreshold) c += 2;
  if (e.tier === 'vip') c += 1;
  if (e.slaDueAt != null && e.slaDueAt - now <= cfg.nearBreachMs) c += 2;
  c += Math.min(cfg.maxAging, Math.floor(Math.max(0, now - e.enqueuedAt) / cfg.agingMs));
  return c;
}

/** Pinned first (earliest pin first), then class (desc), then arrival (FIFO), then id. */
export function orderQueue<E extends QueueEntry>(
  entries: readonly E[],
  now: number,
  cfg: QueueConfig,
): E[] {
  const keyed = entries.map((e) => ({ e, c: queueClass(e, now, cfg) }));
  keyed.sort((a, b) => {
    if ((a.e.pinnedAt == null) !== (b.e.pinnedAt == null)) return a.e.pinnedAt == null ? 1 : -1;
    if (a.e.pinnedAt != null && b.e.pinnedAt != null && a.e.pinnedAt !== b.e.pinnedAt)
      return a.e.pinnedAt - b.e.pinnedAt;
    if (a.c !== b.c) return b.c - a.c;
    if (a.e.enqueuedAt !== b.e.enqueuedAt) return a.e.enqueuedAt - b.e.enqueuedAt;
    return a.e.id < b.e.id ? -1 : a.e.id > b.e.id ? 1 : 0;
  });
  return keyed.map((k) => k.e);
}

/** Estimated seconds until the customer at `position` is served: slots free at capacity / handle time. */
export function estimateWaitSeconds(
  position: number,
  totalSlots: number,
  avgHandleSeconds: number,
): number {
  return Math.round((position * avgHandleSeconds) / Math.max(1, totalSlots));
}

export function totalSlots(agents: readonly AgentSnapshot[], channel: string): number {
  let n = 0;
  for (const a of agents) if (a.status === 'online') n += capacityOf(a, channel);
  return n;
}

export function overflowed(position: number, waitSeconds: number, cfg: QueueConfig): boolean {
  const o = cfg.overflow;
  return (
    (o.maxQueue != null && position > o.maxQueue) ||
    (o.maxWaitSeconds != null && waitSeconds > o.maxWaitSeconds)
  );
}

export interface Assignment {
  conversationId: string;
  agentId: string;
}

/**
 * Walks the ordered queue and assigns while capacity lasts; loads in `agents` are updated as it goes
 * (so a plan never exceeds a capacity). Whether a channel has any free slot is cached and refreshed
 * only after an assignment in that channel, so a full queue costs one map lookup per entry.
 */
export function planAssignments(
  ordered: readonly QueueEntry[],
  agents: AgentSnapshot[],
  cfg: RoutingConfig | ((e: QueueEntry) => RoutingConfig),
  channels?: ReadonlySet<string>,
): Assignment[] {
  const out: Assignment[] = [];
  const open = new Map<string, boolean>();
  // with the queue's channel set known, stop as soon as none of its channels has a free slot
  const allClosed = () => !!channels && [...channels].every((ch) => !channelOpen(ch));
  const channelOpen = (ch: string) => {
    let v = open.get(ch);
    if (v === undefined) {
      v = agents.some((a) => hasCapacity(a, ch));
      open.set(ch, v);
    }
    return v;
  };
  if (allClosed()) return out;
  for (const entry of ordered) {
    if (!channelOpen(entry.channel)) continue;
    const agent = pickAgent(entry, agents, typeof cfg === 'function' ? cfg(entry) : cfg);
    if (!agent) continue;
    agent.load[entry.channel] = (agent.load[entry.channel] ?? 0) + 1;
    out.push({ conversationId: entry.id, agentId: agent.id });
    if (!hasCapacity(agent, entry.channel)) {
      open.delete(entry.channel);
      if (allClosed()) break;
    }
  }
  return out;
}
