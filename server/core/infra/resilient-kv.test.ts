import { describe, expect, it } from 'vitest';
import { MemoryKeyValue } from './memory-kv.ts';
import type { KeyValue } from './ports.ts';
import { ResilientKeyValue } from './resilient-kv.ts';

const never = () => new Promise<never>(() => {});
const down: KeyValue = {
  hit: never,
  peek: never,
  presenceSet: never,
  presenceRemove: () => Promise.reject(new Error('ECONNREFUSED')),
  presenceList: never,
  ping: () => Promise.reject(new Error('down')),
  close: async () => {},
};

describe('ResilientKeyValue', () => {
  it('passes through while the store answers (limits still apply)', async () => {
    const kv = new ResilientKeyValue(new MemoryKeyValue(), undefined, 50);
    expect((await kv.hit('k', 1, 60_000)).allowed).toBe(true);
    expect((await kv.hit('k', 1, 60_000)).allowed).toBe(false);
    await kv.presenceSet('room', 'a', 'A', 60_000);
    expect(await kv.presenceList('room')).toEqual({ a: 'A' });
  });

  it('a store that hangs or refuses never holds a request: limits let it through, presence is empty', async () => {
    const kv = new ResilientKeyValue(down, undefined, 30);
    expect(await kv.hit('k', 5, 60_000)).toEqual({
      allowed: true,
      remaining: 5,
      retryAfterSeconds: 0,
    });
    await expect(kv.presenceSet('room', 'a', 'A', 1_000)).resolves.toBeUndefined();
    await expect(kv.presenceRemove('room', 'a')).resolves.toBeUndefined();
    expect(await kv.presenceList('room')).toEqual({});
    await expect(kv.ping()).rejects.toThrow('down'); // readiness still sees the outage
  });
});
