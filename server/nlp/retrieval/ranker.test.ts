import { describe, expect, it } from 'vitest';
import { N_FEATURES, topK } from './features.ts';
import { defaultRanker, fitRanker, probabilities, type RankRecord } from './ranker.ts';

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Records where feature `informative` is high for the right candidate; a fraction has no right candidate. */
function synthetic(n: number, informative: number, seed = 1): RankRecord[] {
  const r = rng(seed);
  return Array.from({ length: n }, () => {
    const none = r() < 0.2;
    const gold = none ? -1 : Math.floor(r() * 5);
    const feats = Array.from({ length: 5 }, (_, c) => {
      const f = new Float64Array(N_FEATURES);
      for (let i = 0; i < N_FEATURES; i++) f[i] = r() * 0.3;
      f[informative] = c === gold ? 0.6 + r() * 0.4 : r() * 0.5;
      return f;
    });
    return { feats, gold, weight: 1 };
  });
}

const nll = (recs: RankRecord[], r: ReturnType<typeof defaultRanker>) =>
  recs.reduce((a, rec) => {
    const { p, none } = probabilities(r, rec.feats);
    return a - Math.log(rec.gold >= 0 ? p[rec.gold] : none);
  }, 0) / recs.length;

describe('ranker', () => {
  it('gives probabilities that sum to one with the none option', () => {
    const { p, none } = probabilities(defaultRanker(true), synthetic(1, 4)[0].feats);
    expect(p.reduce((a, b) => a + b, none)).toBeCloseTo(1, 10);
    expect(probabilities(defaultRanker(false), []).none).toBe(1);
  });

  it('learns the informative feature and lowers held-out log-loss (deterministic)', () => {
    const train = synthetic(400, 6),
      test = synthetic(400, 6, 2);
    const prior = { w: new Array(N_FEATURES).fill(0), none: 0, source: 'default' as const };
    const fitted = fitRanker(train, { prior, l2: 0.0005 });
    expect(fitted.w[6]).toBeGreaterThan(3);
    expect(Math.abs(fitted.w[6])).toBeGreaterThan(
      Math.max(...fitted.w.filter((_, i) => i !== 6).map(Math.abs)),
    );
    expect(nll(test, fitted)).toBeLessThan(nll(test, prior) - 0.3);
    expect(fitRanker(train, { prior, l2: 0.0005 })).toEqual(fitted);
  });

  it('stays at the prior when the penalty dominates', () => {
    const prior = defaultRanker(true);
    const fitted = fitRanker(synthetic(50, 2), { prior, l2: 1e4 });
    fitted.w.forEach((w, i) => expect(w).toBeCloseTo(prior.w[i], 2));
  });

  it('topK matches a full sort', () => {
    const r = rng(3);
    const score = Float32Array.from({ length: 500 }, () => r());
    const ids = Array.from({ length: 500 }, (_, i) => i).filter((i) => i % 3 !== 0);
    const expected = [...ids]
      .sort((a, b) => score[b] - score[a])
      .slice(0, 20)
      .sort((a, b) => a - b);
    expect([...topK(ids, score, 20)].sort((a, b) => a - b)).toEqual(expected);
    expect(topK([4, 2], score, 20)).toEqual([4, 2]);
  });
});
