import { describe, expect, it } from 'vitest';
import type { Candidate } from '../retrieval/index.ts';
import { decide } from './policy.ts';

const cand = (id: string, score: number): Candidate => ({ id, score, bm25: 1, similarity: score, question: `Q ${id}`, answer: `A ${id}`, matched: `Q ${id}` });
const calm = { emotion: { label: 'neutral', intensity: 0 }, sentiment: { label: 'neutral', score: 0 }, intent: null, humanRequest: { detected: false } };

describe('decide', () => {
  it.each([
    ['confident match answers verbatim', [cand('a', 0.8), cand('b', 0.3)], calm, [], { action: 'answer', reason: 'confident_match', articleId: 'a', answer: 'A a' }],
    ['close scores suggest top 3', [cand('a', 0.5), cand('b', 0.45), cand('c', 0.4), cand('d', 0.35)], calm, [], {
      action: 'suggest', reason: 'ambiguous_match',
      suggestions: [{ articleId: 'a', question: 'Q a' }, { articleId: 'b', question: 'Q b' }, { articleId: 'c', question: 'Q c' }],
    }],
    ['no candidates hand over', [], calm, [], { action: 'handover', reason: 'no_match' }],
    ['weak match hands over', [cand('a', 0.05)], calm, [], { action: 'handover', reason: 'no_match' }],
    ['out of scope intent', [cand('a', 0.05)], { ...calm, intent: { label: 'oos', confidence: 0.9 } }, [], { action: 'handover', reason: 'out_of_scope' }],
    ['explicit human request wins', [cand('a', 0.9)], { ...calm, humanRequest: { detected: true } }, [], { action: 'handover', reason: 'human_request' }],
    ['strong anger', [cand('a', 0.9)], { ...calm, emotion: { label: 'angry', intensity: 0.95 } }, [], { action: 'handover', reason: 'negative_emotion' }],
    ['human-only topic', [cand('a', 0.9)], { ...calm, intent: { label: 'complaint', confidence: 0.8 } }, [], { action: 'handover', reason: 'human_only_topic' }],
    ['two unsuccessful turns', [cand('a', 0.9)], calm, [{ action: 'suggest' }, { action: 'answer', resolved: false }], { action: 'handover', reason: 'repeated_failure' }],
    ['one unsuccessful turn still answers', [cand('a', 0.9)], calm, [{ action: 'answer' }, { action: 'suggest' }], { action: 'answer', reason: 'confident_match', articleId: 'a', answer: 'A a' }],
  ] as const)('%s', (_name, candidates, analysis, turnHistory, expected) => {
    expect(decide({ candidates: [...candidates], analysis, turnHistory: [...turnHistory] })).toEqual(expected);
  });

  it('respects settings overrides', () => {
    expect(decide({ candidates: [cand('a', 0.5)], settings: { answerThreshold: 0.4 } }).action).toBe('answer');
    expect(decide({ candidates: [cand('a', 0.5)], settings: { answerThreshold: 0.6 } }).action).toBe('suggest');
  });
});
