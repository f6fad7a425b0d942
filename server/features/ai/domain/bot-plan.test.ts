import { describe, expect, it } from 'vitest';
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
  it('the handover note names the articles the bot tried by title, never by id or outcome code', () => {
    const tried = [
      { action: 'answer', outcome: 'answered', titles: ['我的快递到哪了？怎么查询订单物流？'] },
      { action: 'suggest', outcome: 'suggested', titles: ['怎么退款', '运费怎么算'] },
      { action: 'offer', outcome: 'no_answer', titles: [] },
    ];
    const zh = handoverNote('zh', {
      reason: 'detected_request',
      questions: ['快递', '招聘兼职'],
      tried,
    });
    expect(zh).toBe(
      '【机器人转人工】原因：客户要求人工。客户问：“快递”；“招聘兼职”。机器人已尝试：回答了《我的快递到哪了？怎么查询订单物流？》；推荐了《怎么退款》《运费怎么算》；无法回答，询问是否转人工。',
    );
    const en = handoverNote('en', {
      reason: 'bot_unable',
      questions: ['refund?'],
      tried: [
        { action: 'answer', outcome: 'answered', titles: ['How do refunds work?'] },
        { action: 'suggest', outcome: 'suggested', titles: ['Shipping fees', 'Invoices'] },
        { action: 'answer', outcome: 'answered', titles: [] },
      ],
    });
    expect(en).toBe(
      '[Bot handover] Reason: the bot could not answer. Customer asked: “refund?”. Bot tried: answered “How do refunds work?”; suggested “Shipping fees”, “Invoices”; answered.',
    );
    for (const note of [zh, en]) expect(note).not.toMatch(/answered \(|no_answer|suggested \(/);
  });
});
