/**
 * In-process job queue with retries and backoff (default mode: no Redis needed). Nothing here is
 * durable: the dispatcher marks an event dispatched only when the jobs it started here ended, so a
 * crash leaves the event unmarked and the sweeper runs it again after the restart.
 */
import {
  errorText,
  type JobHandler,
  type JobOptions,
  type JobOutcome,
  type JobQueue,
} from './ports.ts';
import { Deque } from '../lib/deque.ts';

interface Job {
  name: string;
  data: unknown;
  attempts: number;
  maxAttempts: number;
  jobId?: string;
  settle: (o: JobOutcome) => void;
}

interface Handler {
  fn: JobHandler;
  concurrency: number;
  running: number;
  waiting: Deque<Job>;
}

export class MemoryQueue implements JobQueue {
  private handlers = new Map<string, Handler>();
  /** Jobs added before their handler was registered. */
  private orphans: Job[] = [];
  private timers = new Map<NodeJS.Timeout, Job>();
  /** Job ids queued or running: a second run with the same id joins the first. */
  private active = new Map<string, Promise<JobOutcome>>();
  private running = 0;
  private waitingCount = 0;
  private closed = false;

  constructor(private readonly backoffMs = 100) {}

  run(name: string, data: unknown, opts: JobOptions = {}): Promise<JobOutcome> {
    if (this.closed) return Promise.resolve({ status: 'unknown' });
    const joined = opts.jobId ? this.active.get(opts.jobId) : undefined;
    if (joined) return joined;
    let settle!: (o: JobOutcome) => void;
    const done = new Promise<JobOutcome>((resolve) => {
      settle = resolve;
    });
    const job: Job = {
      name,
      data,
      attempts: 0,
      maxAttempts: opts.attempts ?? 3,
      jobId: opts.jobId,
      settle,
    };
    if (opts.jobId) {
      const id = opts.jobId;
      this.active.set(id, done);
      void done.then(() => this.active.delete(id));
    }
    if (opts.delayMs) this.later(job, opts.delayMs);
    else this.enqueue(job);
    return done;
  }

  process(name: string, fn: JobHandler, concurrency = 4): void {
    const h: Handler = { fn, concurrency, running: 0, waiting: new Deque<Job>() };
    this.handlers.set(name, h);
    const orphans = this.orphans.filter((j) => j.name === name);
    this.orphans = this.orphans.filter((j) => j.name !== name);
    this.waitingCount -= orphans.length;
    for (const j of orphans) this.enqueue(j);
  }

  async depth(): Promise<number> {
    return this.waitingCount + this.running + this.timers.size;
  }

  private enqueue(job: Job): void {
    this.waitingCount++;
    const h = this.handlers.get(job.name);
    if (!h) {
      this.orphans.push(job);
      return;
    }
    h.waiting.push(job);
    this.pump(h);
  }

  private later(job: Job, ms: number): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      this.enqueue(job);
    }, ms);
    this.timers.set(t, job);
  }

  /** Starts jobs of one handler up to its concurrency: O(1) per job, whatever the backlog. */
  private pump(h: Handler): void {
    while (h.running < h.concurrency && h.waiting.length) {
      const job = h.waiting.shift()!;
      this.waitingCount--;
      h.running++;
      this.running++;
      h.fn(job.data)
        .then(
          () => job.settle({ status: 'completed' }),
          (err) => {
            job.attempts++;
            if (this.closed) job.settle({ status: 'unknown' });
            else if (job.attempts < job.maxAttempts)
              this.later(job, this.backoffMs * 2 ** job.attempts);
            else job.settle({ status: 'failed', error: errorText(err), attempts: job.attempts });
          },
        )
        .finally(() => {
          h.running--;
          this.running--;
          this.pump(h);
        });
    }
  }

  /** Waits for running jobs; waiting and delayed ones end as `unknown` (their events stay unmarked). */
  async close(): Promise<void> {
    this.closed = true;
    for (const [t, job] of this.timers) {
      clearTimeout(t);
      job.settle({ status: 'unknown' });
    }
    this.timers.clear();
    for (const h of this.handlers.values())
      for (let j = h.waiting.shift(); j; j = h.waiting.shift()) j.settle({ status: 'unknown' });
    for (const j of this.orphans) j.settle({ status: 'unknown' });
    this.orphans = [];
    this.waitingCount = 0;
    while (this.running > 0) await new Promise((r) => setTimeout(r, 10));
  }
}
