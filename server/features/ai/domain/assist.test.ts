import { describe, expect, it } from 'vitest';
import { empathySuggestions, extractiveSummary, keySentences } from './assist.ts';

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
  it('summarises with emotion and status in zh and en', () => {
    const input = {
      customerMessages: ['你们这是什么垃圾服务，我要投诉！'],
      emotion: { label: 'angry', intensity: 0.99, trend: 'stable' },
      mode: 'human',
      status: 'open',
      handoverReason: 'negative_emotion',
      botAnswers: 0,
    };
    expect(extractiveSummary('zh', input)).toBe(
      '客户诉求：「你们这是什么垃圾服务，我要投诉！」。情绪：愤怒（99%，平稳）。状态：已转人工（客户情绪强烈）。',
    );
    expect(extractiveSummary('en', input)).toBe(
      'Customer wants: “你们这是什么垃圾服务，我要投诉！”. Emotion: angry (99%, stable). Status: handed to a human (strong negative emotion).',
    );
    expect(extractiveSummary('zh', { ...input, customerMessages: [] })).toBeNull();
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
