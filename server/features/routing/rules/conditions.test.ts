import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../../core/events/catalog.ts';
import {
  ConditionSchema,
  evaluate,
  fieldGroups,
  GroupSchema,
  MAX_MATCH_INPUT,
  patternProblem,
  type Group,
  type Node,
} from './conditions.ts';
import { eventFacts, eventFactsSuffice } from './engine.ts';
import { renderTemplate } from './template.ts';
import { isPrivateAddress, validateWebhookUrl } from './webhook.ts';

const facts = {
  conversation: {
    status: 'open',
    priority: 'high',
    labels: ['vip', 'refund'],
    channel: 'web_widget',
  },
  message: { content: 'I want a REFUND for order 12345' },
  analysis: { intent: 'refund', emotion: 'angry', emotionIntensity: 0.8, language: 'en' },
  contact: { attributes: { tier: 'gold', orders: 3 } },
  businessHours: { open: false },
};

describe('conditions', () => {
  it.each<[string, Node, boolean]>([
    ['eq is case-insensitive', { field: 'analysis.intent', op: 'eq', value: 'Refund' }, true],
    ['neq', { field: 'conversation.status', op: 'neq', value: 'open' }, false],
    ['in', { field: 'conversation.priority', op: 'in', value: ['high', 'urgent'] }, true],
    ['not_in', { field: 'conversation.priority', op: 'not_in', value: ['high'] }, false],
    ['contains text', { field: 'message.content', op: 'contains', value: 'refund' }, true],
    ['contains in a list', { field: 'conversation.labels', op: 'contains', value: 'vip' }, true],
    ['not_contains', { field: 'message.content', op: 'not_contains', value: 'invoice' }, true],
    [
      'matches a safe pattern',
      { field: 'message.content', op: 'matches', value: 'order \\d{5}' },
      true,
    ],
    ['gte number', { field: 'analysis.emotionIntensity', op: 'gte', value: 0.7 }, true],
    ['lt on a string is false', { field: 'message.content', op: 'lt', value: 3 }, false],
    ['customer attribute', { field: 'contact.attributes.tier', op: 'eq', value: 'gold' }, true],
    ['business hours', { field: 'businessHours.open', op: 'eq', value: false }, true],
    ['exists on missing field', { field: 'contact.attributes.nope', op: 'exists' }, false],
    ['no prototype walking', { field: 'contact.attributes.constructor', op: 'exists' }, false],
    [
      'all group',
      {
        all: [
          { field: 'analysis.intent', op: 'eq', value: 'refund' },
          { field: 'analysis.language', op: 'eq', value: 'zh' },
        ],
      },
      false,
    ],
    [
      'any group',
      {
        any: [
          { field: 'analysis.intent', op: 'eq', value: 'x' },
          { field: 'analysis.language', op: 'eq', value: 'en' },
        ],
      },
      true,
    ],
    [
      'nested groups',
      {
        all: [
          {
            any: [
              { field: 'analysis.emotion', op: 'eq', value: 'angry' },
              { field: 'conversation.priority', op: 'eq', value: 'urgent' },
            ],
          },
          { field: 'conversation.channel', op: 'eq', value: 'web_widget' },
        ],
      },
      true,
    ],
    ['empty all is true', { all: [] }, true],
  ])('%s', (_n, node, expected) => {
    expect(evaluate(node, facts)).toBe(expected);
  });

  it.each([
    ['(a+)+$', 'nested quantifiers'],
    ['(a|aa)*', 'nested quantifiers'],
    ['(.*a){20}', 'nested quantifiers'],
    ['((ab)*)+', 'nested quantifiers'],
    ['(a)\\1', 'backreferences'],
    ['(?=a)', 'lookarounds'],
    ['(?<!a)b', 'lookarounds'],
    ['(abc', 'unbalanced'],
    ['abc)', 'unbalanced'],
    ['[', 'invalid'],
    ['a'.repeat(201), 'longer than 200'],
  ])('rejects %s', (pattern, why) => {
    expect(patternProblem(pattern)).toContain(why);
  });

  // Adjacent quantifiers pass the syntax checks: the linear-time engine is what makes them harmless
  // (JavaScript's RegExp would not finish these on a capped 2,000-character message).
  it.each(['a*a*a*a*b', '\\w*\\w*\\w*\\w*!'])('runs %s on a long message without stalling', (p) => {
    expect(patternProblem(p)).toBeNull();
    const facts = { message: { content: 'a'.repeat(5_000) } };
    expect(evaluate({ field: 'message.content', op: 'matches', value: p }, facts)).toBe(false);
  });

  it.each([
    'refund|return',
    'order\\s*#?\\d+',
    '(?:退款|退货)',
    '^[a-z]+@[a-z]+\\.com$',
    '(ab)+',
    '[(+*]+',
  ])('accepts %s', (p) => {
    expect(patternProblem(p)).toBeNull();
  });

  it('schema rejects unsafe patterns, unknown fields and deep nesting', () => {
    expect(
      ConditionSchema.safeParse({ field: 'message.content', op: 'matches', value: '(a+)+' })
        .success,
    ).toBe(false);
    expect(ConditionSchema.safeParse({ field: 'process.env', op: 'exists' }).success).toBe(false);
    const deep = { all: [{ all: [{ all: [{ all: [{ all: [] }] }] }] }] };
    expect(GroupSchema.safeParse(deep).success).toBe(false);
    expect(
      GroupSchema.safeParse({ all: [{ field: 'message.content', op: 'contains', value: 'x' }] })
        .success,
    ).toBe(true);
  });

  // Bounded = only the first MAX_MATCH_INPUT characters are looked at (what that costs against a
  // capped input is bench/units.bench.ts `rule_match_huge_input`).
  it('matching is bounded on huge input: only the first MAX_MATCH_INPUT characters are matched', () => {
    expect(MAX_MATCH_INPUT).toBe(2000);
    const big = { message: { content: `${'a'.repeat(1_000_000)}refund` } };
    expect(evaluate({ field: 'message.content', op: 'matches', value: 'refund' }, big)).toBe(false); // beyond the cap
    expect(evaluate({ field: 'message.content', op: 'contains', value: 'refund' }, big)).toBe(
      false,
    );
    expect(evaluate({ field: 'message.content', op: 'matches', value: 'a+b' }, big)).toBe(false);
    const edge = (at: number) => ({
      message: { content: `${'a'.repeat(at)}refund${'a'.repeat(1_000_000)}` },
    });
    expect(
      evaluate(
        { field: 'message.content', op: 'matches', value: 'refund' },
        edge(MAX_MATCH_INPUT - 6),
      ),
    ).toBe(true); // ends at the cap
    expect(
      evaluate(
        { field: 'message.content', op: 'matches', value: 'refund' },
        edge(MAX_MATCH_INPUT - 5),
      ),
    ).toBe(false); // one past it
  });
});

describe('templates and webhook guards', () => {
  it('renders variables; unknown ones become empty', () => {
    const vars = { contact: { name: '张伟' }, agent: { name: 'Sam' }, order: { id: 'A-1' } };
    expect(
      renderTemplate(
        '您好{{contact.name}}，我是{{ agent.name }}，订单 {{order.id}} {{order.nope}}{{__proto__}}',
        vars,
      ),
    ).toBe('您好张伟，我是Sam，订单 A-1 ');
  });

  it.each([
    ['127.0.0.1', true],
    ['10.1.2.3', true],
    ['172.16.0.1', true],
    ['172.32.0.1', false],
    ['192.168.1.1', true],
    ['169.254.169.254', true],
    ['0.0.0.0', true],
    ['100.64.0.1', true],
    ['8.8.8.8', false],
    ['::1', true],
    ['fd00::1', true],
    ['fe80::1', true],
    ['::ffff:127.0.0.1', true],
    ['::ffff:8.8.8.8', false],
    ['::ffff:7f00:1', true],
    ['2001:4860:4860::8888', false],
  ])('isPrivateAddress(%s) = %s', (ip, expected) => {
    expect(isPrivateAddress(ip)).toBe(expected);
  });

  it.each([
    ['ftp://x.com', 'only http'],
    ['javascript:alert(1)', 'only http'],
    ['http://u:p@x.com', 'credentials'],
    ['nope', 'invalid'],
  ])('rejects URL %s', (u, why) => {
    expect(validateWebhookUrl(u)).toContain(why);
  });
});

describe('which facts a rule needs', () => {
  const analyzed = {
    id: 1,
    accountId: 'a',
    type: 'message.analyzed',
    conversationId: 'c',
    createdAt: 0,
    payload: {},
  } as unknown as DomainEvent;
  const created = { ...analyzed, type: 'message.created' } as unknown as DomainEvent;
  it('collects the fact groups of nested conditions', () => {
    const g = {
      all: [
        { field: 'analysis.intent', op: 'eq', value: 'refund' },
        {
          any: [
            { field: 'contact.email', op: 'exists' },
            { field: 'conversation.labels', op: 'contains', value: 'vip' },
          ],
        },
      ],
    } as Group;
    expect([...fieldGroups(g)].sort()).toEqual(['analysis', 'contact', 'conversation']);
  });
  it('event facts suffice for analysis-only rules; anything about the conversation or contact needs a read', () => {
    const intent = {
      any: [{ field: 'analysis.intent', op: 'eq', value: 'refund_return' }],
    } as Group;
    const angry = {
      all: [
        { field: 'analysis.emotion', op: 'eq', value: 'angry' },
        { field: 'analysis.emotionIntensity', op: 'gte', value: 0.6 },
      ],
    } as Group;
    expect(eventFactsSuffice([intent, angry], analyzed)).toBe(true);
    expect(
      eventFactsSuffice(
        [intent, { all: [{ field: 'contact.attributes.tier', op: 'eq', value: 'vip' }] } as Group],
        analyzed,
      ),
    ).toBe(false);
    expect(
      eventFactsSuffice(
        [{ all: [{ field: 'message.content', op: 'contains', value: 'refund' }] } as Group],
        created,
      ),
    ).toBe(true);
    expect(
      eventFactsSuffice(
        [{ all: [{ field: 'message.content', op: 'contains', value: 'refund' }] } as Group],
        analyzed,
      ),
    ).toBe(false);
  });
  it('event facts carry the analysis the conditions evaluate', () => {
    const ev = {
      ...analyzed,
      payload: {
        language: 'zh',
        intent: { label: 'refund_return', confidence: 0.9 },
        emotion: { label: 'angry', intensity: 0.8 },
        sentiment: { label: 'negative', score: -0.7 },
        humanRequest: false,
      },
    } as unknown as DomainEvent;
    expect(
      evaluate(
        {
          all: [
            { field: 'analysis.intent', op: 'eq', value: 'refund_return' },
            { field: 'analysis.emotionIntensity', op: 'gte', value: 0.6 },
          ],
        },
        eventFacts(ev),
      ),
    ).toBe(true);
  });
});
