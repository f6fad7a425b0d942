/** BullMQ-backed job queue (scaled mode): jobs survive restarts and are shared by worker nodes. */
import { Queue, Worker, type ConnectionOptions } from 'bullmq';
import type { JobHandler, JobOptions, JobQueue } from './ports.ts';

export class BullQueue implements JobQueue {
  private queue: Queue;
  private workers: Worker[] = [];
  private handlers = new Map<string, JobHandler>();

  constructor(private connection: ConnectionOptions, private queueName = 'kefu-jobs', private runWorkers = true) {
    this.queue = new Queue(queueName, { connection, defaultJobOptions: { removeOnComplete: 1000, removeOnFail: 5000 } });
  }

  async add(name: string, data: unknown, opts: JobOptions = {}): Promise<void> {
    await this.queue.add(name, data, {
      jobId: opts.jobId?.replace(/:/g, '_'), delay: opts.delayMs, attempts: opts.attempts ?? 3,
      backoff: { type: 'exponential', delay: 200 },
    });
  }

  process(name: string, handler: JobHandler, concurrency = 4): void {
    this.handlers.set(name, handler);
    if (!this.runWorkers || this.workers.length) return;
    const worker = new Worker(this.queueName, async (job) => {
      const h = this.handlers.get(job.name);
      if (!h) throw new Error(`no handler for job ${job.name}`);
      await h(job.data);
    }, { connection: this.connection, concurrency });
    worker.on('error', () => {});
    this.workers.push(worker);
  }

  async depth(): Promise<number> {
    const c = await this.queue.getJobCounts('waiting', 'active', 'delayed');
    return (c.waiting ?? 0) + (c.active ?? 0) + (c.delayed ?? 0);
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
    await this.queue.close();
  }
}
