/** One contract suite per port, run against every adapter available here (Redis ones when REDIS_URL is set). */
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { randomToken } from '../lib/ids.ts';
import { BullQueue } from './bullmq-queue.ts';
import { MemoryKeyValue } from './memory-kv.ts';
import { MemoryQueue } from './memory-queue.ts';
import type { JobQueue, KeyValue } from './ports.ts';
import { RedisKeyValue } from './redis-kv.ts';

const REDIS_URL = process.env.REDIS_URL;
const redis = REDIS_URL ? new Redis(REDIS_URL, { maxRetriesPerRequest: null }) : null;
afterAll(() => {
  redis?.disconnect();
});

const kvs: Array<[string, () => KeyValue]> = [['memory', () => new MemoryKeyValue()]];
if (redis) kvs.push(['redis', () => new RedisKeyValue(redis, `kefu-test-${randomToken(6)}:`)]);
const queues: Array<[string, () => JobQueue]> = [['memory', () => new MemoryQueue()]];
if (REDIS_URL)
  queues.push([
    'bullmq',
    () =>
      new BullQueue(
        { url: REDIS_URL },
        `kefu-test-${randomToken(6).replace(/[^a-zA-Z0-9]/g, 'x')}`,
      ),
  ]);

describe.each(kvs)('KeyValue contract: %s', (_name, make) => {
  it('fixed-window rate limit allows `limit` hits then reports a retry time', async () => {
    const kv = make();
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await kv.hit('k', 3, 60_000));
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, false]);
    expect(results[3].retryAfterSeconds).toBeGreaterThan(0);
    expect((await kv.hit('other', 3, 60_000)).allowed).toBe(true);
  });

  it('peek reads a window without counting a hit', async () => {
    const kv = make();
    expect(await kv.peek('p')).toEqual({ count: 0, retryAfterSeconds: 0 });
    await kv.hit('p', 5, 60_000);
    await kv.hit('p', 5, 60_000);
    const seen = await kv.peek('p');
    expect(seen.count).toBe(2);
    expect(seen.retryAfterSeconds).toBeGreaterThan(0);
    expect((await kv.peek('p')).count).toBe(2);
  });

  it('presence members expire and can be removed', async () => {
    const kv = make();
    await kv.presenceSet('room', 'a', 'A', 60_000);
    await kv.presenceSet('room', 'b', 'B', 1);
    await new Promise((r) => setTimeout(r, 20));
    expect(await kv.presenceList('room')).toEqual({ a: 'A' });
    await kv.presenceRemove('room', 'a');
    expect(await kv.presenceList('room')).toEqual({});
  });
});

describe.each(queues)('JobQueue contract: %s', (_name, make) => {
  it('runs jobs, retries failures, joins a queued job id, and reports each outcome', async () => {
    const q = make();
    const seen: number[] = [];
    let failures = 0;
    q.process('work', async (data) => {
      const n = (data as { n: number }).n;
      if (n === 2 && failures === 0) {
        failures++;
        throw new Error('transient');
      }
      if (n === 4) throw new Error('always');
      seen.push(n);
    });
    const outcomes = await Promise.all([
      q.run('work', { n: 1 }, { jobId: 'j1' }),
      q.run('work', { n: 1 }, { jobId: 'j1' }),
      q.run('work', { n: 2 }, { jobId: 'j2' }),
      q.run('work', { n: 3 }, { jobId: 'j3' }),
      q.run('work', { n: 4 }, { jobId: 'j4', attempts: 2 }),
    ]);
    expect(outcomes.slice(0, 4).map((o) => o.status)).toEqual([
      'completed',
      'completed',
      'completed',
      'completed',
    ]);
    expect(outcomes[4]).toMatchObject({ status: 'failed', attempts: 2 });
    expect((outcomes[4] as { error: string }).error).toContain('always');
    expect(seen.sort()).toEqual([1, 2, 3]);
    expect(failures).toBe(1);
    await q.close();
  }, 20_000);
});
