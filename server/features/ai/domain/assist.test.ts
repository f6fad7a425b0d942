import { describe, expect, it } from 'vitest';
import { empathySuggestions, keySentences, withoutKnownAsks } from './assist.ts';

describe('assist (offline)', () => {
  it('picks the customer key sentences, skipping small talk', () => {
    expect(
      keySentences(['你好', '我上周买的鞋子到现在还没到！订单号 20261120001。', '谢谢']),
    ).toEqual(['我上周买的鞋子到现在还没到！', '订单号 20261120001。']);
    expect(keySentences(['Hi', 'Where is my order? It has been 10 days.'])).toEqual([
      'Where is my order?',
      'It has been 10 days.',
    ]);
  });
  it('empathetic openings follow emotion, intent and language (acknowledge view → feeling → action)', () => {
    const angry = empathySuggestions('angry', 'complaint', 'zh');
    expect(angry[0]).toMatch(/^非常抱歉给您带来不好的体验.*订单号/);
    expect(empathySuggestions('angry', 'refund_return', 'en')[0]).toMatch(
      /^I am really sorry.*return/,
    );
    expect(empathySuggestions(null, null, 'en')).toHaveLength(1);
  });
});

describe('a suggested reply never asks for what the customer already gave', () => {
  it('fills in the order number instead of asking for it (zh and en)', () => {
    expect(empathySuggestions(null, 'order_status', 'zh', {})[0]).toContain('请提供一下订单号');
    const zh = empathySuggestions(null, 'order_status', 'zh', { orderNumber: '20261120001' });
    expect(zh[0]).toBe(
      '您好，感谢您的耐心，我来帮您处理。我马上为您查询订单 20261120001 的最新物流。',
    );
    const en = empathySuggestions('angry', 'complaint', 'en', { orderNumber: '4711' });
    for (const s of en) {
      expect(s).toContain('order 4711');
      expect(s).not.toMatch(/share your order number/i);
    }
    expect(empathySuggestions(null, 'refund_return', 'en', { orderNumber: 'A1001' })[0]).toMatch(
      /Please share a photo of the item.*order A1001/,
    );
  });
  it('repeats only the last four digits of a phone number it fills in', () => {
    expect(empathySuggestions(null, 'account', 'zh', { phone: '138 0013 8000' })[0]).toContain(
      '手机尾号 8000',
    );
    expect(empathySuggestions(null, 'account', 'en', { phone: '+44 20 7946 0958' })[0]).toContain(
      'ending in 0958',
    );
  });
  it('leaves out other suggestions (KB answers, the LLM) that ask for a given fact', () => {
    const list = [
      { text: '如超过 3 天物流没有更新，请回复订单号，我们为您联系快递公司核实。', source: 'kb' },
      { text: 'Could you send me your email address?', source: 'llm' },
      { text: '您好，我来帮您查一下。', source: 'empathy' },
    ];
    expect(withoutKnownAsks(list, { orderNumber: '20261120001' }).map((s) => s.source)).toEqual([
      'llm',
      'empathy',
    ]);
    expect(withoutKnownAsks(list, { email: 'a@b.co' }).map((s) => s.source)).toEqual([
      'kb',
      'empathy',
    ]);
    expect(withoutKnownAsks(list, {})).toHaveLength(3);
  });
});
