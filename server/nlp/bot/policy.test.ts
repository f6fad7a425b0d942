import { describe, expect, it } from 'vitest';
import type { Candidate } from '../retrieval/index.ts';
import { decide } from './policy.ts';

const cand = (id: string, score: number): Candidate => ({
  id,
  score,
  bm25: 1,
  similarity: score,
  question: `Q ${id}`,
  answer: `A ${id}`,
  matched: `Q ${id}`,
});
const calm = {
  emotion: { label: 'neutral', intensity: 0 },
  sentiment: { label: 'neutral', score: 0 },
  intent: null,
  humanRequest: { detected: false },
};

describe('decide', () => {
  it.each([
    [
      'confident match answers verbatim',
      [cand('a', 0.8), cand('b', 0.3)],
      calm,
      [],
      { action: 'answer', reason: 'confident_match', articleId: 'a', answer: 'A a' },
    ],
    [
      'close scores suggest top 3',
      [cand('a', 0.5), cand('b', 0.45), cand('c', 0.4), cand('d', 0.35)],
      calm,
      [],
      {
        action: 'suggest',
        reason: 'ambiguous_match',
        suggestions: [
          { articleId: 'a', question: 'Q a' },
          { articleId: 'b', question: 'Q b' },
          { articleId: 'c', question: 'Q c' },
        ],
      },
    ],
    ['no candidates hand over', [], calm, [], { action: 'handover', reason: 'no_match' }],
    [
      'weak match hands over',
      [cand('a', 0.05)],
      calm,
      [],
      { action: 'handover', reason: 'no_match' },
    ],
    [
      'out of scope intent',
      [cand('a', 0.05)],
      { ...calm, intent: { label: 'oos', confidence: 0.9 } },
      [],
      { action: 'handover', reason: 'out_of_scope' },
    ],
    [
      'explicit human request wins',
      [cand('a', 0.9)],
      { ...calm, humanRequest: { detected: true } },
      [],
      { action: 'handover', reason: 'human_request' },
    ],
    [
      'strong anger',
      [cand('a', 0.9)],
      { ...calm, emotion: { label: 'angry', intensity: 0.95 } },
      [],
      { action: 'handover', reason: 'negative_emotion' },
    ],
    [
      'human-only topic',
      [cand('a', 0.9)],
      { ...calm, intent: { label: 'complaint', confidence: 0.8 } },
      [],
      { action: 'handover', reason: 'human_only_topic' },
    ],
    [
      'two unsuccessful turns',
      [cand('a', 0.9)],
      calm,
      [{ action: 'suggest' }, { action: 'answer', resolved: false }],
      { action: 'handover', reason: 'repeated_failure' },
    ],
    [
      'one unsuccessful turn still answers',
      [cand('a', 0.9)],
      calm,
      [{ action: 'answer' }, { action: 'suggest' }],
      { action: 'answer', reason: 'confident_match', articleId: 'a', answer: 'A a' },
    ],
  ] as const)('%s', (_name, candidates, analysis, turnHistory, expected) => {
    expect(
      decide({ candidates: [...candidates], analysis, turnHistory: [...turnHistory] }),
    ).toEqual(expected);
  });

  it('respects settings overrides', () => {
    expect(
      decide({ candidates: [cand('a', 0.5)], settings: { answerThreshold: 0.4 } }).action,
    ).toBe('answer');
    expect(
      decide({ candidates: [cand('a', 0.5)], settings: { answerThreshold: 0.6 } }).action,
    ).toBe('suggest');
  });

  it('never answers a tie: two entries at equal confidence give suggestions, not a coin-flip answer', () => {
    for (const p of [0.45, 0.5]) {
      const d = decide({
        candidates: [cand('a', p), cand('b', p)],
        settings: { answerThreshold: 0.4, minMargin: 0 },
      });
      expect(d.action).toBe('suggest');
    }
  });

  it('a wrong answer never beats a handover at equal confidence: the decision depends only on the scores', () => {
    // Same scores, different (right or wrong) entries → the same action; never an answer below the threshold.
    const right = decide({ candidates: [cand('right', 0.6), cand('x', 0.1)] });
    const wrong = decide({ candidates: [cand('wrong', 0.6), cand('x', 0.1)] });
    expect(right.action).toBe(wrong.action);
    expect(right.action).not.toBe('answer');
  });

  it('is monotone in confidence: more confidence never turns an answer into a handover', () => {
    const rank = { handover: 0, suggest: 1, answer: 2 } as const;
    for (const second of [0, 0.05, 0.15, 0.3]) {
      let prev = -1;
      for (let p = 0; p <= 1.0001; p += 0.01) {
        if (p + second > 1) break;
        const cands = second > 0 ? [cand('a', p), cand('b', Math.min(second, p))] : [cand('a', p)];
        const r = rank[decide({ candidates: cands, analysis: calm }).action];
        expect(r).toBeGreaterThanOrEqual(prev);
        prev = r;
      }
    }
  });

  it('hands over when nothing is likely (the none option dominates)', () => {
    expect(decide({ candidates: [cand('a', 0.06), cand('b', 0.04)] })).toEqual({
      action: 'handover',
      reason: 'no_match',
    });
    const d = decide({ candidates: [cand('a', 0.3), cand('b', 0.01), cand('c', 0.2)] });
    expect(d.suggestions?.map((x) => x.articleId)).toEqual(['a', 'c']);
  });
});
