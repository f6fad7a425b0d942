/** In-process job queue with retries and backoff (default mode: no Redis needed). */
import type { JobHandler, JobOptions, JobQueue } from './ports.ts';
import { Deque } from '../lib/deque.ts';

interface Job { name: string; data: unknown; attempts: number; maxAttempts: number }

interface Handler { fn: JobHandler; concurrency: number; running: number; waiting: Deque<Job> }

export class MemoryQueue implements JobQueue {
  private handlers = new Map<string, Handler>();
  /** Jobs added before their handler was registered. */
  private orphans: Job[] = [];
  private timers = new Set<NodeJS.Timeout>();
  private seen = new Set<string>();
  private running = 0;
  private waitingCount = 0;
  private closed = false;

  constructor(private onError: (err: unknown, job: { name: string }) => void = () => {}) {}

  async add(name: string, data: unknown, opts: JobOptions = {}): Promise<void> {
    if (this.closed) return;
    if (opts.jobId) {
      if (this.seen.has(opts.jobId)) return;
      this.seen.add(opts.jobId);
      if (this.seen.size > 100_000) this.seen.clear();
    }
    const job = { name, data, attempts: 0, maxAttempts: opts.attempts ?? 3 };
    if (opts.delayMs) this.later(job, opts.delayMs);
    else this.enqueue(job);
  }

  process(name: string, fn: JobHandler, concurrency = 4): void {
    const h: Handler = { fn, concurrency, running: 0, waiting: new Deque<Job>() };
    this.handlers.set(name, h);
    const orphans = this.orphans.filter((j) => j.name === name);
    this.orphans = this.orphans.filter((j) => j.name !== name);
    this.waitingCount -= orphans.length;
    for (const j of orphans) this.enqueue(j);
  }

  async depth(): Promise<number> { return this.waitingCount + this.running + this.timers.size; }

  private enqueue(job: Job): void {
    this.waitingCount++;
    const h = this.handlers.get(job.name);
    if (!h) { this.orphans.push(job); return; }
    h.waiting.push(job);
    this.pump(h);
  }

  private later(job: Job, ms: number): void {
    const t = setTimeout(() => { this.timers.delete(t); this.enqueue(job); }, ms);
    this.timers.add(t);
  }

  /** Starts jobs of one handler up to its concurrency: O(1) per job, whatever the backlog. */
  private pump(h: Handler): void {
    while (h.running < h.concurrency && h.waiting.length) {
      const job = h.waiting.shift()!;
      this.waitingCount--;
      h.running++; this.running++;
      h.fn(job.data).catch((err) => {
        job.attempts++;
        if (job.attempts < job.maxAttempts && !this.closed) this.later(job, 100 * 2 ** job.attempts);
        else this.onError(err, job);
      }).finally(() => { h.running--; this.running--; this.pump(h); });
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    while (this.running > 0) await new Promise((r) => setTimeout(r, 10));
  }
}
