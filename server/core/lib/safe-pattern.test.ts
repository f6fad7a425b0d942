/**
 * The linear-time pattern engine. The ReDoS cases are checked by their outcome on the longest input
 * a rule ever sees: JavaScript's backtracking RegExp would not finish these in any test's lifetime
 * (a*a*a*a*b over 2,000 "a"s is ~10^13 steps), RE2 answers at once, so the old engine fails by timeout.
 */
import { describe, expect, it } from 'vitest';
import { MAX_MATCH_INPUT, patternProblem, safePattern } from './safe-pattern.ts';

describe('safe patterns', () => {
  it.each([
    ['a*a*a*a*b', 'a'],
    ['\\w*\\w*\\w*\\w*!', 'a'],
    ['[a-z]*[a-z]*[a-z]*[a-z]*1', 'a'],
    ['.*.*.*.*.*x', 'y'],
  ])('%s over %s×2000 finishes with no match', (pattern, ch) => {
    expect(patternProblem(pattern)).toBeNull();
    expect(safePattern(pattern)!.test(ch.repeat(MAX_MATCH_INPUT))).toBe(false);
    expect(safePattern(pattern)!.test(`${ch.repeat(100)}${pattern.endsWith('!') ? '!' : ''}`)).toBe(
      pattern.endsWith('!'),
    );
  });

  it('matches case-insensitively, in Chinese and English, anywhere in the text', () => {
    expect(safePattern('退款|refund')!.test('我要退款')).toBe(true);
    expect(safePattern('退款|refund')!.test('REFUND please')).toBe(true);
    expect(safePattern('^order\\s*#?\\d+$')!.test('Order #123')).toBe(true);
    expect(safePattern('^order\\s*#?\\d+$')!.test('my order #123')).toBe(false);
  });

  it('looks only at the first MAX_MATCH_INPUT characters', () => {
    expect(safePattern('refund')!.test(`${'x'.repeat(MAX_MATCH_INPUT)}refund`)).toBe(false);
    expect(safePattern('refund')!.test(`${'x'.repeat(MAX_MATCH_INPUT - 6)}refund`)).toBe(true);
  });

  it.each([
    ['(a+)+$', 'nested quantifiers'],
    ['(a)\\1', 'backreferences'],
    ['(?=a)', 'lookarounds'],
    ['(abc', 'unbalanced'],
    ['a{2,1}', 'invalid'],
    ['\\', 'invalid'],
    ['a'.repeat(201), 'longer than 200'],
  ])('refuses %s (%s) and compiles nothing for it', (pattern, why) => {
    expect(patternProblem(pattern)).toContain(why);
    expect(safePattern(pattern)).toBeNull();
  });
});
