import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ROUTING,
  pickAgent,
  type AgentSnapshot,
  type ConversationSnapshot,
  type RoutingConfig,
} from './route.ts';
import {
  DEFAULT_QUEUE,
  estimateWaitSeconds,
  orderQueue,
  overflowed,
  planAssignments,
  type QueueEntry,
} from './queue.ts';

const agent = (id: string, o: Partial<AgentSnapshot> = {}): AgentSnapshot => ({
  id,
  status: 'online',
  skills: {},
  languages: ['zh', 'en'],
  teams: [],
  inboxes: [],
  load: {},
  capacity: { '*': 2 },
  lastAssignedAt: 0,
  ...o,
});
const conv = (o: Partial<ConversationSnapshot> = {}): ConversationSnapshot => ({
  id: 'c',
  inboxId: 'i1',
  channel: 'web_widget',
  teamId: null,
  language: null,
  intent: null,
  priority: 'none',
  anger: 0,
  tier: 'standard',
  previousAgentId: null,
  ...o,
});
const cfg = (o: Partial<RoutingConfig> = {}): RoutingConfig => ({ ...DEFAULT_ROUTING, ...o });

describe('pickAgent', () => {
  const cases: Array<
    [string, ConversationSnapshot, AgentSnapshot[], RoutingConfig, string | null]
  > = [
    [
      'nobody online',
      conv(),
      [agent('a', { status: 'away' }), agent('b', { status: 'offline' })],
      cfg(),
      null,
    ],
    ['capacity is never exceeded', conv(), [agent('a', { load: { web_widget: 2 } })], cfg(), null],
    [
      'per-channel capacity',
      conv({ channel: 'email' }),
      [agent('a', { load: { web_widget: 2 }, capacity: { web_widget: 2, email: 5 } })],
      cfg(),
      'a',
    ],
    [
      'least busy wins',
      conv(),
      [agent('a', { load: { web_widget: 1 } }), agent('b')],
      cfg({ strategies: ['least_busy'] }),
      'b',
    ],
    [
      'least busy is relative to capacity',
      conv(),
      [
        agent('a', { load: { web_widget: 1 }, capacity: { '*': 2 } }),
        agent('b', { load: { web_widget: 2 }, capacity: { '*': 8 } }),
      ],
      cfg({ strategies: ['least_busy'] }),
      'b',
    ],
    [
      'round robin: assigned longest ago',
      conv(),
      [agent('a', { lastAssignedAt: 20 }), agent('b', { lastAssignedAt: 10 })],
      cfg({ strategies: ['round_robin'] }),
      'b',
    ],
    [
      'sticky: previous agent when eligible',
      conv({ previousAgentId: 'b' }),
      [agent('a'), agent('b', { load: { web_widget: 1 } })],
      cfg(),
      'b',
    ],
    [
      'sticky: previous agent full → someone else',
      conv({ previousAgentId: 'b' }),
      [agent('a'), agent('b', { load: { web_widget: 2 } })],
      cfg(),
      'a',
    ],
    [
      'skills: highest level of the intent skill',
      conv({ intent: 'shipping' }),
      [agent('a', { skills: { shipping: 1 } }), agent('b', { skills: { shipping: 4 } })],
      cfg(),
      'b',
    ],
    [
      'intent mapped to a skill',
      conv({ intent: 'where_is_order' }),
      [agent('a', { skills: { logistics: 1 } }), agent('b', { skills: { logistics: 3 } })],
      cfg({ intentSkills: { where_is_order: 'logistics' } }),
      'b',
    ],
    [
      'team restriction',
      conv({ teamId: 'billing' }),
      [agent('a'), agent('b', { teams: ['billing'] })],
      cfg(),
      'b',
    ],
    [
      'inbox membership',
      conv({ inboxId: 'i2' }),
      [agent('a', { inboxes: ['i1'] }), agent('b', { inboxes: ['i2'] })],
      cfg(),
      'b',
    ],
    [
      'language preferred',
      conv({ language: 'en' }),
      [
        agent('a', { languages: ['zh'] }),
        agent('b', { languages: ['en'], load: { web_widget: 1 } }),
      ],
      cfg(),
      'b',
    ],
    [
      'language soft: falls back',
      conv({ language: 'fr' }),
      [agent('a', { languages: ['zh'] })],
      cfg(),
      'a',
    ],
    [
      'language strict: waits',
      conv({ language: 'fr' }),
      [agent('a', { languages: ['zh'] })],
      cfg({ strictLanguage: true }),
      null,
    ],
    [
      'angry → skilled agent even if busier',
      conv({ anger: 0.9, intent: 'complaint' }),
      [
        agent('a', { skills: { complaint: 1 } }),
        agent('b', { skills: { complaint: 4 }, load: { web_widget: 1 } }),
      ],
      cfg({ strategies: ['least_busy', 'skills'] }),
      'b',
    ],
    [
      'complex intent → skilled agent',
      conv({ intent: 'refund' }),
      [
        agent('a', { skills: { refund: 2 } }),
        agent('b', { skills: { refund: 3 }, load: { web_widget: 1 } }),
      ],
      cfg({ strategies: ['least_busy', 'skills'] }),
      'b',
    ],
    [
      'angry, no skill known → any senior agent',
      conv({ anger: 0.8 }),
      [agent('a'), agent('b', { skills: { refund: 5 } })],
      cfg({ strategies: ['least_busy', 'skills'] }),
      'b',
    ],
    [
      'hard, strict skills, nobody skilled → waits',
      conv({ intent: 'refund' }),
      [agent('a', { skills: { refund: 1 } })],
      cfg({ strictSkills: true }),
      null,
    ],
    [
      'hard, soft skills, nobody skilled → anyone',
      conv({ intent: 'refund' }),
      [agent('a', { skills: { refund: 1 } })],
      cfg(),
      'a',
    ],
    [
      'calm easy conversation: no level requirement',
      conv({ intent: 'refund', anger: 0 }),
      [agent('a', { skills: { refund: 1 } }), agent('b', { skills: { refund: 1 } })],
      cfg({ complexIntents: [] }),
      'a',
    ],
  ];
  it.each(cases)('%s', (_name, c, agents, config, expected) => {
    expect(pickAgent(c, agents, config)?.id ?? null).toBe(expected);
  });
});

const entry = (id: string, o: Partial<QueueEntry> = {}): QueueEntry => ({
  ...conv({ id }),
  contactId: `k-${id}`,
  enqueuedAt: 0,
  slaDueAt: null,
  pinnedAt: null,
  ...o,
});

describe('queue order', () => {
  const now = 10_000;
  it.each([
    [
      'FIFO within a priority',
      [entry('a', { enqueuedAt: 2 }), entry('b', { enqueuedAt: 1 })],
      ['b', 'a'],
    ],
    [
      'priority first',
      [entry('a', { enqueuedAt: 1 }), entry('b', { enqueuedAt: 2, priority: 'high' })],
      ['b', 'a'],
    ],
    [
      'angry jumps ahead',
      [entry('a', { enqueuedAt: 1 }), entry('b', { enqueuedAt: 2, anger: 0.9 })],
      ['b', 'a'],
    ],
    [
      'VIP jumps ahead',
      [entry('a', { enqueuedAt: 1 }), entry('b', { enqueuedAt: 2, tier: 'vip' })],
      ['b', 'a'],
    ],
    [
      'near SLA breach jumps ahead',
      [entry('a', { enqueuedAt: 1 }), entry('b', { enqueuedAt: 2, slaDueAt: now + 30_000 })],
      ['b', 'a'],
    ],
    [
      'pinned by a supervisor first',
      [entry('a', { priority: 'urgent' }), entry('b', { pinnedAt: 5 })],
      ['b', 'a'],
    ],
  ] as const)('%s', (_n, entries, ids) => {
    expect(
      orderQueue(entries as unknown as QueueEntry[], now, DEFAULT_QUEUE).map((e) => e.id),
    ).toEqual(ids);
  });

  it('aging: a long-waiting low priority conversation overtakes newer high ones (no starvation)', () => {
    const t = 60 * 60_000;
    const old = entry('old', { enqueuedAt: 0 });
    const fresh = entry('fresh', { enqueuedAt: t - 1000, priority: 'high' });
    expect(orderQueue([fresh, old], t, DEFAULT_QUEUE)[0].id).toBe('old');
    expect(orderQueue([fresh, old], 1000, DEFAULT_QUEUE)[0].id).toBe('fresh');
  });

  it('estimate and overflow', () => {
    expect(estimateWaitSeconds(3, 4, 160)).toBe(120);
    const q = { ...DEFAULT_QUEUE, overflow: { maxQueue: 5, maxWaitSeconds: 600, teamId: null } };
    expect(overflowed(6, 10, q)).toBe(true);
    expect(overflowed(2, 601, q)).toBe(true);
    expect(overflowed(5, 600, q)).toBe(false);
  });

  it('planAssignments fills free slots in queue order and never exceeds capacity', () => {
    const agents = [agent('a', { load: { web_widget: 1 } }), agent('b', { capacity: { '*': 1 } })];
    const plan = planAssignments(
      [entry('1'), entry('2'), entry('3'), entry('4')],
      agents,
      DEFAULT_ROUTING,
    );
    expect(plan.map((p) => p.conversationId)).toEqual(['1', '2']);
    expect(agents[0].load.web_widget).toBe(2);
    expect(agents[1].load.web_widget).toBe(1);
    // knowing the queue's channels, a full house stops at once; other channels still get their slots
    expect(
      planAssignments(
        [entry('5'), entry('6', { channel: 'email' })],
        agents,
        DEFAULT_ROUTING,
        new Set(['web_widget', 'email']),
      ),
    ).toEqual([{ conversationId: '6', agentId: 'a' }]);
    expect(planAssignments([entry('7')], agents, DEFAULT_ROUTING, new Set(['web_widget']))).toEqual(
      [],
    );
  });
});
