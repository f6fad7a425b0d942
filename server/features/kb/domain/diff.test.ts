import { describe, expect, it } from 'vitest';
import { formatDiff, lineDiff } from './diff.ts';

describe('lineDiff', () => {
  it.each([
    ['a\nb\nc', 'a\nb\nc', 0],
    ['a\nb\nc', 'a\nx\nc', 2],
    ['', 'a', 2],
    ['a\nb', 'a\nb\nc', 1],
  ])('%j → %j has %i changed lines', (before, after, changed) => {
    expect(lineDiff(before, after).filter((l) => l.op !== ' ')).toHaveLength(changed);
  });
  it('formats readable +/- lines with context', () => {
    const text = formatDiff(lineDiff('one\ntwo\nthree\nfour\nfive', 'one\ntwo\nTHREE\nfour\nfive'));
    expect(text).toBe('…\n  two\n- three\n+ THREE\n  four\n…');
  });
});
