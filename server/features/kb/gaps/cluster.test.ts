import { describe, expect, it } from 'vitest';
import { clusterAll, cosine, vectorize } from './cluster.ts';

/** Held-out set (not the one the threshold was chosen on): three topics, varied wording. */
const TOPICS = [
  [
    'Can I pay cash on delivery?',
    'do you accept cash on delivery',
    'is COD payment possible, cash when it arrives',
    'pay in cash when the parcel is delivered?',
  ],
  [
    'Is there a student discount?',
    'do students get a discount',
    'student discount code please',
    'any discounts for university students?',
  ],
  ['能修改收货地址吗', '收货地址填错了怎么办', '下单后还能改地址吗', '我想换一个收货地址'],
];

describe('gap clustering', () => {
  it('groups questions of three held-out topics into exactly those topics', () => {
    const interleaved = [0, 1, 2, 3].flatMap((i) => TOPICS.map((t) => t[i]));
    const labels = clusterAll(interleaved);
    const byTopic = TOPICS.map((t) => new Set(t.map((q) => labels[interleaved.indexOf(q)])));
    expect(byTopic.map((s) => s.size)).toEqual([1, 1, 1]);
    expect(new Set(byTopic.map((s) => [...s][0])).size).toBe(3);
  });

  it.each([
    ['where is my parcel', 'where is my parcel?', 0.99],
    ['gift wrapping', 'do you offer gift wrap', 0.3],
  ])('similar: %j ~ %j', (a, b, min) =>
    expect(cosine(vectorize(a), vectorize(b))).toBeGreaterThanOrEqual(min),
  );

  it('keeps unrelated questions apart', () => {
    expect(
      cosine(vectorize('Can I pay cash on delivery?'), vectorize('Is there a student discount?')),
    ).toBeLessThan(0.2);
    expect(cosine(vectorize('能修改收货地址吗'), vectorize('Is there a student discount?'))).toBe(
      0,
    );
  });
});
