import { describe, expect, it } from 'vitest';
import { placeholdersIn } from '../../../shared/template.ts';
import { type MissingVariable, renderTemplate } from './template.ts';

const vars = {
  agent: { name: 'Li Na' },
  contact: {
    name: 'Emma Brown',
    email: '',
    phone: null,
    attributes: { plan: 'gold', visits: 3, vip: false, nested: { a: 1 } },
  },
  conversation: { id: 42 },
  custom: { orderId: 'SO-778', tier: '  ', 会员等级: '金卡', context: { title: 'FAQ' } },
};

describe('renderTemplate', () => {
  const table: Array<[string, string, MissingVariable[]]> = [
    ['Hi, this is {{agent.name}}', 'Hi, this is Li Na', []],
    ['{{ contact.name }} / #{{conversation.id}}', 'Emma Brown / #42', []],
    ['order {{custom.orderId}}, {{custom.会员等级}}', 'order SO-778, 金卡', []],
    ['{{contact.attributes.plan}} {{contact.attributes.visits}}', 'gold 3', []],
    ['vip: {{contact.attributes.vip}}', 'vip: false', []],
    [
      'mail {{contact.email}}',
      'mail {{contact.email}}',
      [{ name: 'contact.email', reason: 'empty' }],
    ],
    [
      'tel {{contact.phone}}',
      'tel {{contact.phone}}',
      [{ name: 'contact.phone', reason: 'empty' }],
    ],
    ['{{custom.tier}}', '{{custom.tier}}', [{ name: 'custom.tier', reason: 'empty' }]],
    ['{{custom.nope}}', '{{custom.nope}}', [{ name: 'custom.nope', reason: 'empty' }]],
    ['{{agent.nmae}}', '{{agent.nmae}}', [{ name: 'agent.nmae', reason: 'unknown' }]],
    ['{{order.id}}', '{{order.id}}', [{ name: 'order.id', reason: 'unknown' }]],
    ['{{custom.context}}', '{{custom.context}}', [{ name: 'custom.context', reason: 'unknown' }]],
    ['{{contact}}', '{{contact}}', [{ name: 'contact', reason: 'unknown' }]],
    ['{{custom.}}', '{{custom.}}', [{ name: 'custom.', reason: 'unknown' }]],
    // inherited properties are not variables
    [
      '{{contact.constructor}}',
      '{{contact.constructor}}',
      [{ name: 'contact.constructor', reason: 'unknown' }],
    ],
    ['{{__proto__}}', '{{__proto__}}', [{ name: '__proto__', reason: 'unknown' }]],
    // not placeholders: left alone, not reported
    ['{ {agent.name} } {{}} {{a b}}', '{ {agent.name} } {{}} {{a b}}', []],
  ];
  it.each(table)('%s → %s', (template, text, missing) => {
    expect(renderTemplate(template, vars)).toEqual({ text, missing });
  });

  it('reports each missing variable once and fills the rest', () => {
    const r = renderTemplate('{{x.y}} {{agent.name}} {{x.y}} {{contact.email}}', vars);
    expect(r.text).toBe('{{x.y}} Li Na {{x.y}} {{contact.email}}');
    expect(r.missing.map((m) => m.name)).toEqual(['x.y', 'contact.email']);
  });

  it("'blank' removes what cannot be filled but still reports it", () => {
    expect(renderTemplate('Hi {{contact.email}}{{nope}}!', vars, { missing: 'blank' })).toEqual({
      text: 'Hi !',
      missing: [
        { name: 'contact.email', reason: 'empty' },
        { name: 'nope', reason: 'unknown' },
      ],
    });
  });

  it('a value is inserted as written, never read as a template itself', () => {
    const r = renderTemplate('{{contact.name}}', { contact: { name: '{{agent.name}} $& $1' } });
    expect(r).toEqual({ text: '{{agent.name}} $& $1', missing: [] });
  });

  it('placeholdersIn finds what renderTemplate would fill, each once', () => {
    expect(placeholdersIn('a {{ agent.name }} b {{custom.x-y}} {{agent.name}} {{}}')).toEqual([
      'agent.name',
      'custom.x-y',
    ]);
    expect(placeholdersIn('plain text, {single} braces')).toEqual([]);
  });
});
