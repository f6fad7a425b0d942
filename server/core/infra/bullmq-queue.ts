/**
 * BullMQ-backed job queue (scaled mode): jobs are shared by the worker nodes and survive a node's
 * crash (BullMQ re-runs a stalled job). Redis is not the source of truth: CI's Redis keeps nothing on
 * disk. The dispatcher waits for each job's outcome (QueueEvents) and marks its event in the database
 * only then; a job that Redis lost is seen as `unknown` after `waitMs` and its event is swept again.
 */
import { Queue, QueueEvents, Worker, type ConnectionOptions } from 'bullmq';
import type { JobHandler, JobOptions, JobOutcome, JobQueue } from './ports.ts';

export interface BullQueueOptions {
  /** Run workers on this node (the `worker` role). */
  runWorkers?: boolean;
  /** How long `run` waits for an outcome before answering `unknown`. */
  waitMs?: number;
}

export class BullQueue implements JobQueue {
  private queue: Queue;
  private events: QueueEvents;
  private workers: Worker[] = [];
  private handlers = new Map<string, JobHandler>();
  private closed = false;
  /** Aborts the outcome waits in progress: after Redis came back, the jobs they wait for may be gone. */
  private aborts = new Set<() => void>();
  private readonly runWorkers: boolean;
  private readonly waitMs: number;

  constructor(
    private connection: ConnectionOptions,
    private queueName = 'kefu-jobs',
    opts: BullQueueOptions = {},
  ) {
    this.runWorkers = opts.runWorkers ?? true;
    this.waitMs = opts.waitMs ?? 60_000;
    this.queue = new Queue(queueName, {
      connection,
      defaultJobOptions: { removeOnComplete: 1000, removeOnFail: 5000 },
    });
    this.queue.on('error', () => {});
    this.events = new QueueEvents(queueName, { connection });
    this.events.on('error', () => {});
    void this.watchReconnects();
  }

  /**
   * A Redis outage may lose queued jobs (a restarted Redis that keeps nothing on disk). When the
   * connection comes back, every outcome still awaited ends `unknown`: the dispatcher leaves those
   * events undispatched, and a sweep runs them again (a job that still exists is joined by its id).
   */
  private async watchReconnects(): Promise<void> {
    const client = await this.events.client.catch(() => null);
    if (!client) return;
    let lost = false;
    client.on('close', () => {
      lost = true;
    });
    client.on('ready', () => {
      if (!lost) return;
      lost = false;
      for (const abort of [...this.aborts]) abort();
    });
  }

  async run(name: string, data: unknown, opts: JobOptions = {}): Promise<JobOutcome> {
    if (this.closed) return { status: 'unknown' };
    const attempts = opts.attempts ?? 3;
    let job: Awaited<ReturnType<Queue['add']>> | undefined;
    try {
      job = await this.queue.add(name, data, {
        jobId: opts.jobId?.replace(/:/g, '_'),
        delay: opts.delayMs,
        attempts,
        backoff: { type: 'exponential', delay: 200 },
      });
      let abort!: () => void;
      const aborted = new Promise<'aborted'>((resolve) => {
        abort = () => resolve('aborted');
      });
      this.aborts.add(abort);
      try {
        if (
          (await Promise.race([job.waitUntilFinished(this.events, this.waitMs), aborted])) ===
          'aborted'
        )
          return { status: 'unknown' };
      } finally {
        this.aborts.delete(abort);
      }
      return { status: 'completed' };
    } catch (err) {
      if (this.closed || !job?.id) return { status: 'unknown' };
      // waitUntilFinished also rejects on its timeout or a lost connection: only a job that Redis
      // holds as failed (after all its attempts) is an outcome.
      const state = await this.queue.getJobState(job.id).catch(() => 'unknown');
      if (state !== 'failed') return { status: 'unknown' };
      const message = err instanceof Error ? err.message : String(err);
      return { status: 'failed', error: message.slice(0, 2_000), attempts };
    }
  }

  process(name: string, handler: JobHandler, concurrency = 4): void {
    this.handlers.set(name, handler);
    if (!this.runWorkers || this.workers.length) return;
    const worker = new Worker(
      this.queueName,
      async (job) => {
        const h = this.handlers.get(job.name);
        if (!h) throw new Error(`no handler for job ${job.name}`);
        await h(job.data);
      },
      { connection: this.connection, concurrency },
    );
    worker.on('error', () => {});
    this.workers.push(worker);
  }

  async depth(): Promise<number> {
    const c = await this.queue.getJobCounts('waiting', 'active', 'delayed');
    return (c.waiting ?? 0) + (c.active ?? 0) + (c.delayed ?? 0);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const abort of [...this.aborts]) abort(); // outcomes still awaited end `unknown` (their events stay undispatched)
    await Promise.all(this.workers.map((w) => w.close()));
    await this.events.close();
    await this.queue.close();
  }
}
