import { describe, expect, it } from 'vitest';
import { trainIntent } from './intent.ts';
import { tuneThreshold } from './threshold.ts';

const templates: Record<string, string[]> = {
  refund: [
    'I want a refund',
    'give me my money back',
    'refund my order',
    'how do I get a refund',
    'can I return this for a refund',
    '我要退款',
    '申请退款',
    '退款多久到账',
  ],
  delivery: [
    'where is my package',
    'track my parcel',
    'when will it arrive',
    'delivery is late',
    'shipping status',
    '快递到哪了',
    '物流信息',
    '包裹什么时候到',
  ],
  password: [
    'I forgot my password',
    'reset my password',
    'cannot log in',
    'password not working',
    'change my password',
    '忘记密码',
    '重置密码',
    '登录不了',
  ],
  oos: [
    'what is the weather',
    'tell me a joke',
    'who won the game',
    'play music',
    '今天天气',
    '讲个笑话',
  ],
};
const rows = Object.entries(templates).flatMap(([label, texts]) =>
  texts.flatMap((t) => [
    { text: t, label },
    { text: `${t} please`, label },
  ]),
);

describe('trainIntent', () => {
  const model = trainIntent(rows, { oosLabel: 'oos', features: { bits: 16 } });

  it('predicts labels with calibrated confidences and a top list', () => {
    const p = model.predict('I need a refund for my order');
    expect(p.label).toBe('refund');
    expect(p.top[0].label).toBe('refund');
    expect(p.top).toHaveLength(3);
    expect(p.confidence).toBeGreaterThan(0);
    expect(p.confidence).toBeLessThanOrEqual(1);
    expect(model.predict('我的快递到哪了').label).toBe('delivery');
  });

  it('learns the oos label and has a tuned threshold in [0, 1)', () => {
    expect(model.predict('tell me a joke about the weather').label).toBe('oos');
    expect(model.threshold).toBeGreaterThanOrEqual(0);
    expect(model.threshold).toBeLessThan(1);
  });

  it('can turn rejection off', () => {
    const p = model.predict('zzzz qqqq', { reject: false });
    expect(p.rejected).toBe(p.label === 'oos');
  });
});

describe('tuneThreshold', () => {
  it('picks a threshold separating low-confidence OOS from in-scope', () => {
    const preds = [
      ...Array.from({ length: 20 }, () => ({
        goldOos: false,
        correct: true,
        predictedOos: false,
        confidence: 0.9,
      })),
      ...Array.from({ length: 10 }, () => ({
        goldOos: true,
        correct: false,
        predictedOos: false,
        confidence: 0.3,
      })),
    ];
    const t = tuneThreshold(preds);
    expect(t).toBeGreaterThan(0.3);
    expect(t).toBeLessThanOrEqual(0.9);
  });
  it('without OOS rows rejects only a small share of correct predictions', () => {
    const preds = Array.from({ length: 100 }, (_, i) => ({
      goldOos: false,
      correct: true,
      predictedOos: false,
      confidence: i / 100,
    }));
    expect(tuneThreshold(preds, 0.02)).toBe(0.02);
  });
});
