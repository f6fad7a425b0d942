import { describe, expect, it } from 'vitest';
import { empathySuggestions, extractiveSummary, keySentences } from './assist.ts';
import {
  escalationReason,
  handoverNote,
  handoverReasonOf,
  outcomeOf,
  suggestionsText,
} from './bot-plan.ts';

describe('escalationReason', () => {
  it.each([
    ['human request', { humanRequest: { detected: true } }, null, 'detected_request'],
    ['strong anger', { emotion: { label: 'angry', intensity: 0.95 } }, null, 'negative_emotion'],
    ['mild anger', { emotion: { label: 'angry', intensity: 0.5 } }, null, null],
    [
      'very negative and sad',
      { emotion: { label: 'sad', intensity: 0.6 }, sentiment: { score: -0.97 } },
      null,
      'negative_emotion',
    ],
    [
      'very negative but neutral emotion',
      { emotion: { label: 'neutral', intensity: 0 }, sentiment: { score: -0.97 } },
      null,
      null,
    ],
    [
      'rising anger trend',
      { emotion: { label: 'angry', intensity: 0.7 } },
      { trend: 'rising_anger', anger: 0.65 },
      'negative_emotion',
    ],
    [
      'rising but still low',
      { emotion: { label: 'angry', intensity: 0.5 } },
      { trend: 'rising_anger', anger: 0.45 },
      null,
    ],
    [
      'calm',
      { emotion: { label: 'neutral', intensity: 0 } },
      { trend: 'stable', anger: 0.1 },
      null,
    ],
  ] as const)('%s', (_name, a, trend, expected) => {
    expect(escalationReason(a, trend)).toBe(expected);
  });
  it('no analysis → no escalation', () => expect(escalationReason(null, null)).toBeNull());
});

describe('decision mapping', () => {
  it.each([
    [{ action: 'answer', reason: 'confident_match' }, 'answered', 'bot_unable'],
    [{ action: 'suggest', reason: 'ambiguous_match' }, 'suggested', 'bot_unable'],
    [{ action: 'handover', reason: 'no_match' }, 'no_answer', 'bot_unable'],
    [{ action: 'handover', reason: 'out_of_scope' }, 'no_answer', 'bot_unable'],
    [{ action: 'handover', reason: 'human_request' }, 'handover', 'detected_request'],
    [{ action: 'handover', reason: 'negative_emotion' }, 'handover', 'negative_emotion'],
    [{ action: 'handover', reason: 'repeated_failure' }, 'handover', 'bot_unable'],
  ] as const)('%o', (d, outcome, reason) => {
    expect(outcomeOf(d)).toBe(outcome);
    expect(handoverReasonOf(d)).toBe(reason);
  });
  it('texts in the customer language', () => {
    expect(suggestionsText('zh', ['怎么退款', '运费'])).toMatch(
      /^您是不是想问：\n1\. 怎么退款\n2\. 运费/,
    );
    expect(suggestionsText('en', ['Refunds'])).toMatch(/^Did you mean:\n1\. Refunds/);
    expect(handoverNote('en', { reason: 'bot_unable', questions: ['a?'], tried: [] })).toBe(
      '[Bot handover] Reason: the bot could not answer. Customer asked: “a?”. Bot tried: nothing.',
    );
  });
});

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
