import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModel, saveModel } from './artifact.ts';
import { classificationReport, percentile } from './metrics.ts';
import { argmax, predictProba } from './model.ts';
import { trainLinear } from './train.ts';

const rows = [
  ...[
    'great product',
    'love it',
    'excellent service',
    'very good',
    '非常好',
    '很满意',
    '太棒了',
    'really great',
  ].map((text) => ({ text, label: 'pos' })),
  ...[
    'terrible product',
    'hate it',
    'awful service',
    'very bad',
    '非常差',
    '很失望',
    '太烂了',
    'really awful',
  ].map((text) => ({ text, label: 'neg' })),
];

describe('trainLinear', () => {
  const model = trainLinear(rows, { features: { bits: 16 }, C: 1, epochs: 20, calibration: rows });
  const label = (t: string) => model.labels[argmax(predictProba(model, t))];

  it('learns a separable toy task in both languages', () => {
    expect(label('great service')).toBe('pos');
    expect(label('awful product')).toBe('neg');
    expect(label('很差')).toBe('neg');
    const p = predictProba(model, 'love it');
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
  });

  it('round-trips through the artifact format with int16 weights', () => {
    const base = join(mkdtempSync(join(tmpdir(), 'kefu-ai-')), 'toy.v1');
    saveModel(model, base);
    const loaded = loadModel(base);
    expect(loaded.labels).toEqual(model.labels);
    for (const t of ['great', 'awful service', '满意']) {
      const a = predictProba(model, t),
        b = predictProba(loaded, t);
      a.forEach((v, i) => expect(b[i]).toBeCloseTo(v, 3));
    }
  });
});

describe('metrics', () => {
  it('computes accuracy, macro-F1 and percentiles', () => {
    const r = classificationReport(['a', 'a', 'b', 'b'], ['a', 'b', 'b', 'b']);
    expect(r.accuracy).toBe(0.75);
    expect(r.perClass.a.f1).toBeCloseTo(2 / 3, 6);
    expect(r.perClass.b.f1).toBeCloseTo(0.8, 6);
    expect(r.macro_f1).toBeCloseTo((2 / 3 + 0.8) / 2, 6);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50)).toBe(5);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 99)).toBe(10);
  });
});
