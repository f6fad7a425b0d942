import { describe, expect, it } from 'vitest';
import { MemoryQueue } from './memory-queue.ts';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('MemoryQueue', () => {
  it('runs each name FIFO within its concurrency, even with a large backlog, and keeps depth exact', async () => {
    const q = new MemoryQueue();
    const order: number[] = [];
    let running = 0, peak = 0;
    q.process('work', async (d) => { running++; peak = Math.max(peak, running); await tick(); order.push(d as number); running--; }, 3);
    for (let i = 0; i < 2_000; i++) await q.add('work', i);
    expect(await q.depth()).toBe(2_000);
    while ((await q.depth()) > 0) await tick();
    expect(peak).toBe(3);
    expect(order).toHaveLength(2_000);
    // started in order; with 3 at a time they may finish slightly out of order, never by more than the concurrency
    order.forEach((v, i) => expect(Math.abs(v - i)).toBeLessThan(3));
    await q.close();
  });

  it('keeps jobs added before their handler exists, drops duplicate job ids, and retries failures with backoff', async () => {
    const errors: string[] = [];
    const q = new MemoryQueue((err) => errors.push((err as Error).message));
    await q.add('late', 'a', { jobId: 'x' });
    await q.add('late', 'a', { jobId: 'x' }); // same id: ignored
    expect(await q.depth()).toBe(1);
    const seen: unknown[] = [];
    q.process('late', async (d) => { seen.push(d); });
    let attempts = 0;
    q.process('flaky', async () => { attempts++; throw new Error('boom'); });
    await q.add('flaky', null, { attempts: 2 });
    while ((await q.depth()) > 0) await tick();
    expect(seen).toEqual(['a']);
    expect(attempts).toBe(2);
    expect(errors).toEqual(['boom']);
    await q.close();
  });
});
