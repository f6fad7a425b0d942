/**
 * Routing decision over a snapshot: which online agent with free capacity should take a conversation.
 * Pure. Strategies are applied in the configured order (a comparator chain), after eligibility:
 *   sticky      – the agent who last served the customer, if eligible
 *   skills      – the agent with the highest level of the needed skill (intent → skill)
 *   least_busy  – the lowest load relative to capacity
 *   round_robin – the agent assigned longest ago
 * Four-quadrant match: complex or angry conversations need an agent with skill level >= hardLevel.
 */
import type { Availability, Priority } from '../../../core/db/types.ts';

export type Strategy = 'sticky' | 'skills' | 'least_busy' | 'round_robin';

export interface AgentSnapshot {
  id: string;
  status: Availability;
  /** skill name → level 1..5 (intents, products, languages as skills). */
  skills: Record<string, number>;
  languages: string[];
  teams: string[];
  /** Inboxes the agent may serve; empty = all. */
  inboxes: string[];
  /** Open conversations per channel. */
  load: Record<string, number>;
  /** Max concurrent conversations per channel ('*' = default for other channels). */
  capacity: Record<string, number>;
  lastAssignedAt: number;
}

export interface ConversationSnapshot {
  id: string;
  inboxId: string;
  channel: string;
  teamId: string | null;
  language: string | null;
  intent: string | null;
  priority: Priority;
  /** Anger intensity 0..1 (0 when unknown). */
  anger: number;
  tier: 'vip' | 'standard';
  previousAgentId: string | null;
}

export interface RoutingConfig {
  strategies: Strategy[];
  /** Intent → skill name (default: the intent itself). */
  intentSkills: Record<string, string>;
  /** Intents that count as complex problems. */
  complexIntents: string[];
  /** Anger at or above this is "angry" (0..1). */
  angerThreshold: number;
  /** Skill level needed for complex or angry conversations. */
  hardLevel: number;
  /** true: a hard conversation waits for a skilled agent; false: falls back to anyone eligible. */
  strictSkills: boolean;
  /** true: only agents speaking the language; false: prefer them. */
  strictLanguage: boolean;
}

export const DEFAULT_ROUTING: RoutingConfig = {
  strategies: ['sticky', 'skills', 'least_busy', 'round_robin'],
  intentSkills: {},
  complexIntents: ['refund', 'complaint', 'legal'],
  angerThreshold: 0.6,
  hardLevel: 3,
  strictSkills: false,
  strictLanguage: false,
};

export function capacityOf(agent: AgentSnapshot, channel: string): number {
  return agent.capacity[channel] ?? agent.capacity['*'] ?? 0;
}

export function hasCapacity(agent: AgentSnapshot, channel: string): boolean {
  return agent.status === 'online' && (agent.load[channel] ?? 0) < capacityOf(agent, channel);
}

export function isHard(conv: ConversationSnapshot, cfg: RoutingConfig): boolean {
  return (
    conv.anger >= cfg.angerThreshold || (!!conv.intent && cfg.complexIntents.includes(conv.intent))
  );
}

function eligible(agent: AgentSnapshot, conv: ConversationSnapshot): boolean {
  if (!hasCapacity(agent, conv.channel)) return false;
  if (conv.teamId && !agent.teams.includes(conv.teamId)) return false;
  return agent.inboxes.length === 0 || agent.inboxes.includes(conv.inboxId);
}

function narrow<T>(items: T[], keep: (t: T) => boolean, strict: boolean): T[] {
  const kept = items.filter(keep);
  return kept.length || strict ? kept : items;
}

const loadRatio = (a: AgentSnapshot, channel: string) =>
  (a.load[channel] ?? 0) / Math.max(1, capacityOf(a, channel));

/** The agent for this conversation, or null when it must wait. */
export function pickAgent(
  conv: ConversationSnapshot,
  agents: readonly AgentSnapshot[],
  cfg: RoutingConfig = DEFAULT_ROUTING,
): AgentSnapshot | null {
  let pool = agents.filter((a) => eligible(a, conv));
  if (!pool.length) return null;
  if (conv.language)
    pool = narrow(pool, (a) => a.languages.includes(conv.language!), cfg.strictLanguage);
  const skill = conv.intent ? (cfg.intentSkills[conv.intent] ?? conv.intent) : null;
  const level = (a: AgentSnapshot) => (skill ? (a.skills[skill] ?? 0) : 0);
  if (isHard(conv, cfg) && cfg.strategies.includes('skills')) {
    const strict = cfg.strictSkills && !!skill;
    pool = narrow(
      pool,
      (a) =>
        skill
          ? level(a) >= cfg.hardLevel
          : Math.max(0, ...Object.values(a.skills)) >= cfg.hardLevel,
      strict,
    );
  }
  if (!pool.length) return null;
  let best = pool[0];
  for (let i = 1; i < pool.length; i++)
    if (compare(pool[i], best, conv, cfg, level) < 0) best = pool[i];
  return best;
}

/** Negative when a is the better choice. */
function compare(
  a: AgentSnapshot,
  b: AgentSnapshot,
  conv: ConversationSnapshot,
  cfg: RoutingConfig,
  level: (a: AgentSnapshot) => number,
): number {
  for (const s of cfg.strategies) {
    let d = 0;
    if (s === 'sticky')
      d = Number(b.id === conv.previousAgentId) - Number(a.id === conv.previousAgentId);
    else if (s === 'skills') d = level(b) - level(a);
    else if (s === 'least_busy') d = loadRatio(a, conv.channel) - loadRatio(b, conv.channel);
    else if (s === 'round_robin') d = a.lastAssignedAt - b.lastAssignedAt;
    if (d !== 0) return d;
  }
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
