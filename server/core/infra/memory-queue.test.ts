import { describe, expect, it } from 'vitest';
import { MemoryQueue } from './memory-queue.ts';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('MemoryQueue', () => {
  it('runs each name FIFO within its concurrency, even with a large backlog, and keeps depth exact', async () => {
    const q = new MemoryQueue();
    const order: number[] = [];
    let running = 0,
      peak = 0;
    q.process(
      'work',
      async (d) => {
        running++;
        peak = Math.max(peak, running);
        await tick();
        order.push(d as number);
        running--;
      },
      3,
    );
    const runs = [];
    for (let i = 0; i < 2_000; i++) runs.push(q.run('work', i));
    expect(await q.depth()).toBe(2_000);
    const outcomes = await Promise.all(runs);
    expect(outcomes.every((o) => o.status === 'completed')).toBe(true);
    expect(await q.depth()).toBe(0);
    expect(peak).toBe(3);
    expect(order).toHaveLength(2_000);
    // started in order; with 3 at a time they may finish slightly out of order, never by more than the concurrency
    order.forEach((v, i) => expect(Math.abs(v - i)).toBeLessThan(3));
    await q.close();
  });

  it('keeps jobs added before their handler exists, joins a running job id, and reports failure after its attempts', async () => {
    const q = new MemoryQueue(1);
    const first = q.run('late', 'a', { jobId: 'x' });
    const second = q.run('late', 'a', { jobId: 'x' }); // same id while queued: the same run
    expect(await q.depth()).toBe(1);
    const seen: unknown[] = [];
    q.process('late', async (d) => {
      seen.push(d);
    });
    let attempts = 0;
    q.process('flaky', async () => {
      attempts++;
      throw new Error('boom');
    });
    expect(await first).toEqual({ status: 'completed' });
    expect(await second).toEqual({ status: 'completed' });
    expect(await q.run('flaky', null, { attempts: 2 })).toEqual({
      status: 'failed',
      error: 'Error: boom',
      attempts: 2,
    });
    expect(seen).toEqual(['a']);
    expect(attempts).toBe(2);
    // finished: the same id runs again (processors are idempotent; the dispatcher decides when to rerun)
    expect(await q.run('late', 'b', { jobId: 'x' })).toEqual({ status: 'completed' });
    expect(seen).toEqual(['a', 'b']);
    await q.close();
  });

  it('ends waiting jobs as unknown when closed (their events stay undispatched)', async () => {
    const q = new MemoryQueue();
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    q.process(
      'slow',
      async () => {
        await gate;
      },
      1,
    );
    const running = q.run('slow', 1);
    const waiting = q.run('slow', 2);
    const closing = q.close();
    expect(await waiting).toEqual({ status: 'unknown' });
    release();
    await closing;
    expect(await running).toEqual({ status: 'completed' });
    expect(await q.run('slow', 3)).toEqual({ status: 'unknown' });
  });
});
