import { describe, expect, it } from 'vitest';
import { Deque } from './deque.ts';

describe('Deque', () => {
  it('is first in, first out, with items put back at the front in their order', () => {
    const d = new Deque<number>();
    for (let i = 0; i < 5; i++) d.push(i);
    expect(d.take(3)).toEqual([0, 1, 2]);
    d.unshift(1, 2);
    expect(d.length).toBe(4);
    d.unshift(-1, 0); // more than the free room before the head at first: rebuilds
    d.push(5);
    expect(d.take(100)).toEqual([-1, 0, 1, 2, 3, 4, 5]);
    expect(d.shift()).toBeUndefined();
    expect(d.length).toBe(0);
  });

  it('keeps order across compaction of a long backlog', () => {
    const d = new Deque<number>();
    for (let i = 0; i < 5000; i++) d.push(i);
    const out: number[] = [];
    for (let i = 0; i < 3000; i++) out.push(d.shift()!);
    d.unshift(2999);
    out.pop();
    for (let i = 5000; i < 6000; i++) d.push(i);
    while (d.length) out.push(d.shift()!);
    expect(out).toEqual(Array.from({ length: 6000 }, (_, i) => i));
  });
});
