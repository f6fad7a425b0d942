import { describe, expect, it } from 'vitest';
import { AccountCache } from './account-cache.ts';

describe('AccountCache', () => {
  it('loads once per account within the ttl, shares concurrent loads, and reloads after invalidate', async () => {
    const cache = new AccountCache<number>(60_000);
    let loads = 0;
    const load = async () => ++loads;
    const [a, b] = await Promise.all([cache.get('a', load), cache.get('a', load)]);
    expect([a, b, loads]).toEqual([1, 1, 1]);
    expect(await cache.get('b', load)).toBe(2); // accounts are separate
    expect(await cache.get('a', load)).toBe(1);
    cache.invalidate('a');
    expect(await cache.get('a', load)).toBe(3);
  });

  it('expires entries after the ttl and forgets failed loads', async () => {
    const cache = new AccountCache<number>(20);
    let loads = 0;
    expect(await cache.get('a', async () => ++loads)).toBe(1);
    await new Promise((r) => setTimeout(r, 30));
    expect(await cache.get('a', async () => ++loads)).toBe(2);
    await expect(cache.get('x', async () => { throw new Error('db down'); })).rejects.toThrow('db down');
    expect(await cache.get('x', async () => 7)).toBe(7);
  });
});
