/** In-process job queue with retries and backoff (default mode: no Redis needed). */
import type { JobHandler, JobOptions, JobQueue } from './ports.ts';

interface Job { name: string; data: unknown; attempts: number; maxAttempts: number }

export class MemoryQueue implements JobQueue {
  private handlers = new Map<string, { fn: JobHandler; concurrency: number; running: number }>();
  private waiting: Job[] = [];
  private timers = new Set<NodeJS.Timeout>();
  private seen = new Set<string>();
  private running = 0;
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
    else { this.waiting.push(job); this.pump(); }
  }

  process(name: string, fn: JobHandler, concurrency = 4): void {
    this.handlers.set(name, { fn, concurrency, running: 0 });
    this.pump();
  }

  async depth(): Promise<number> { return this.waiting.length + this.running + this.timers.size; }

  private later(job: Job, ms: number): void {
    const t = setTimeout(() => { this.timers.delete(t); this.waiting.push(job); this.pump(); }, ms);
    this.timers.add(t);
  }

  private pump(): void {
    for (let i = 0; i < this.waiting.length; i++) {
      const job = this.waiting[i];
      const h = this.handlers.get(job.name);
      if (!h || h.running >= h.concurrency) continue;
      this.waiting.splice(i--, 1);
      h.running++; this.running++;
      h.fn(job.data).catch((err) => {
        job.attempts++;
        if (job.attempts < job.maxAttempts && !this.closed) this.later(job, 100 * 2 ** job.attempts);
        else this.onError(err, job);
      }).finally(() => { h.running--; this.running--; this.pump(); });
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    while (this.running > 0) await new Promise((r) => setTimeout(r, 10));
  }
}
