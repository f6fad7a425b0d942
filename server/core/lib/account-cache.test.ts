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
    await expect(
      cache.get('x', async () => {
        throw new Error('db down');
      }),
    ).rejects.toThrow('db down');
    expect(await cache.get('x', async () => 7)).toBe(7);
  });

  it('never makes a caller inside a transaction wait on a load in flight elsewhere (PostgreSQL pool deadlock)', async () => {
    const cache = new AccountCache<string>(60_000);
    let releasePool!: (v: string) => void;
    const poolLoad = cache.get(
      'a',
      () =>
        new Promise<string>((r) => {
          releasePool = r;
        }),
    ); // waits for a pool connection
    let txLoads = 0;
    // Inside the transaction: its own read, answered without the pool load finishing.
    expect(
      await cache.get(
        'a',
        async () => {
          txLoads++;
          return 'tx';
        },
        { inTransaction: true },
      ),
    ).toBe('tx');
    expect(txLoads).toBe(1);
    releasePool('pool');
    expect(await poolLoad).toBe('pool');
    // Settled: everyone, inside a transaction or not, gets the cached value.
    expect(await cache.get('a', async () => 'again', { inTransaction: true })).toBe('pool');
    // A transaction's load on a miss is cached like any other.
    cache.invalidate('a');
    expect(await cache.get('a', async () => 'from-tx', { inTransaction: true })).toBe('from-tx');
    expect(await cache.get('a', async () => 'x')).toBe('from-tx');
  });
});
