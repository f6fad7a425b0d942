import { describe, expect, it } from 'vitest';
import { PageCache } from './cache.ts';

describe('PageCache', () => {
  const page = (body: string) => ({ status: 200, type: 'text/html', body });

  it('serves until the TTL, then misses', () => {
    let now = 0;
    const c = new PageCache(1_000, 10, () => now);
    const e = c.set('a', 'k', page('x'));
    expect(c.get('k')).toBe(e);
    now = 1_001;
    expect(c.get('k')).toBeUndefined();
  });

  it('drops every entry of one account on invalidate, and only that account', () => {
    const c = new PageCache();
    c.set('a', 'a|1', page('1'));
    c.set('a', 'a|2', page('2'));
    c.set('b', 'b|1', page('3'));
    c.invalidate('a');
    expect([c.get('a|1'), c.get('a|2')]).toEqual([undefined, undefined]);
    expect(c.get('b|1')?.body).toBe('3');
  });

  it('is bounded (oldest evicted) and gives content-based ETags', () => {
    const c = new PageCache(60_000, 2);
    const first = c.set('a', '1', page('same'));
    c.set('a', '2', page('other'));
    c.set('a', '3', page('same'));
    expect(c.size).toBe(2);
    expect(c.get('1')).toBeUndefined();
    expect(c.get('3')?.etag).toBe(first.etag);
    expect(c.get('2')?.etag).not.toBe(first.etag);
  });
});
