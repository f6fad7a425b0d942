/**
 * Runs processors for events after their transaction committed.
 *
 * - Inline processors run in the committing process, in *lanes* (lanes.ts): the processors of one
 *   lane see the events one at a time in commit order; lanes run independently, so routing work
 *   never delays the realtime broadcast. Job processors go through the job queue (jobs.ts).
 * - An event is marked dispatched only when every processor that handles it finished (in-flight.ts):
 *   completed, or failed after its attempts and recorded in the dead-letter list (`dead_jobs`, see
 *   dead-jobs.ts). A crash before that leaves the event unmarked, and a sweeper runs it again:
 *   processors are at-least-once and idempotent, so background work has an exactly-once *effect*
 *   after any crash.
 * - Leases (leases.ts): a fresh event belongs to the node that committed it for `leaseMs`; the node
 *   renews the lease of events it still works on. A sweeper (any node) claims unmarked events whose
 *   lease ran out (the committing node died, or lost its jobs) and runs them; at start in SQLite
 *   mode (one process owns the file) every unmarked event is recovered at once.
 *
 * This class ties them together and is the one API the rest of the server uses.
 */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { DB } from '../db/types.ts';
import type { JobQueue } from '../infra/ports.ts';
import type { DomainEvent, EventType } from './catalog.ts';
import { DeadJobs } from './dead-jobs.ts';
import { InFlight } from './in-flight.ts';
import { EventJobs, type RetryResult } from './jobs.ts';
import { type Lane, Lanes } from './lanes.ts';
import { Sweeper } from './leases.ts';
import type { DispatchMeta, Processor } from './processor.ts';

export type { DispatchMeta, Processor } from './processor.ts';

export interface DispatcherOptions {
  /** How long an event belongs to the node working on it before another node's sweeper may take it. */
  leaseMs?: number;
  /** Attempts of an inline processor before it is dead-lettered (jobs: the queue's attempts). */
  attempts?: number;
  backoffMs?: number;
  /** Recovery stops fetching while this many events are in flight here (bounded memory). */
  maxBacklog?: number;
  /**
   * Honour processors' `partitions` and job `concurrency` (embedded SQLite, where every command
   * waits for a shared commit). Off in scaled mode: each command is its own PostgreSQL transaction
   * under the account's routing lock, so more of them at once only queue for the lock and the pool.
   */
  parallel?: boolean;
}

export class Dispatcher {
  private processors: Processor[] = [];
  private byType = new Map<string, Processor[]>();
  private closing = false;
  private readonly parallel: boolean;
  readonly deadJobs: DeadJobs;
  private readonly inFlight: InFlight;
  private readonly lanes: Lanes;
  private readonly jobs: EventJobs;
  private readonly sweeper: Sweeper;

  constructor(
    db: Kysely<DB>,
    private queue: JobQueue,
    log: Logger,
    now: () => number = Date.now,
    opts: DispatcherOptions = {},
  ) {
    const attempts = opts.attempts ?? 3;
    const closing = () => this.closing;
    this.deadJobs = new DeadJobs(db, now);
    this.inFlight = new InFlight(db, log, now, closing);
    const finish = this.inFlight.finish.bind(this.inFlight);
    this.jobs = new EventJobs({
      db,
      queue,
      deadJobs: this.deadJobs,
      log,
      now,
      attempts,
      processor: (name) => this.processor(name),
      finish,
    });
    this.parallel = opts.parallel ?? true;
    this.lanes = new Lanes({
      parallel: this.parallel,
      log,
      attempts,
      backoffMs: opts.backoffMs ?? 100,
      closing,
      deadLetter: this.jobs.deadLetter.bind(this.jobs),
      finish,
    });
    this.sweeper = new Sweeper({
      db,
      log,
      now,
      leaseMs: opts.leaseMs ?? 15_000,
      maxBacklog: opts.maxBacklog ?? 5_000,
      inFlight: this.inFlight,
      dispatch: (events) => this.dispatch(events),
      closing,
    });
  }

  register(p: Processor): void {
    this.processors.push(p);
    this.byType.clear();
    if (p.mode === 'job') {
      this.queue.process(
        `event:${p.name}`,
        async (data) => {
          await p.handle(data as DomainEvent);
        },
        this.parallel ? p.concurrency : undefined,
      );
    }
  }

  processor(name: string): Processor | undefined {
    return this.processors.find((p) => p.name === name);
  }

  /** Events handed over and not yet marked dispatched (for tests and metrics). */
  get backlog(): number {
    return this.inFlight.size;
  }

  private processorsFor(type: string): Processor[] {
    let list = this.byType.get(type);
    if (!list) {
      list = this.processors.filter(
        (p) => p.handles === '*' || p.handles.includes(type as EventType),
      );
      this.byType.set(type, list);
    }
    return list;
  }

  dispatch(events: DomainEvent[], meta?: DispatchMeta): void {
    const touched = new Set<Lane>();
    for (const event of events) {
      if (this.inFlight.has(event.id)) continue; // already in flight here (a sweep raced the commit)
      const procs = this.processorsFor(event.type);
      const t = this.inFlight.track(event, procs.length);
      if (!procs.length) {
        this.inFlight.settle(t);
        continue;
      }
      for (const p of procs) {
        if (p.mode === 'job') this.jobs.start(p, event, t);
        else touched.add(this.lanes.enqueue({ p, event, meta, t }));
      }
    }
    for (const lane of touched) this.lanes.pump(lane);
  }

  flushMarks(): Promise<void> {
    return this.inFlight.flushMarks();
  }

  /**
   * Claims undispatched events whose lease ran out (all of them with `force`: one process owns a
   * SQLite file, so at start nothing else can be working on them) and runs them. Returns how many.
   */
  sweep(opts: { force?: boolean; createdBefore?: number; limit?: number } = {}): Promise<number> {
    return this.sweeper.sweep(opts);
  }

  /** Extends the lease of events this node still works on (so no other node takes them over). */
  renewLeases(): Promise<void> {
    return this.sweeper.renewLeases();
  }

  /**
   * Runs every event left undispatched by a previous process (crash), in the background, a batch
   * at a time as the backlog allows. SQLite mode: `force` (nothing else owns them).
   */
  recover(opts: { force: boolean; createdBefore: number }): Promise<void> {
    return this.sweeper.recover(opts);
  }

  startSweeper(intervalMs = 5_000): void {
    this.sweeper.start(intervalMs);
  }

  /** Reruns one dead-lettered processor for its event now (an admin's retry). */
  retryDead(accountId: string, id: string): Promise<RetryResult | null> {
    return this.jobs.retryDead(accountId, id);
  }

  /**
   * Graceful shutdown: stops taking work, lets running processors finish their current event, and
   * writes the marks of what finished. Whatever did not finish stays undispatched for the next start.
   */
  async drain(): Promise<void> {
    this.closing = true;
    await this.sweeper.stop();
    await this.lanes.settled();
    await this.inFlight.flushNow();
  }

  /** Resolves when every event handed over so far is marked or abandoned (tests, benchmarks). */
  idle(): Promise<void> {
    return this.inFlight.idle();
  }

  /** After the queue closed (its waiting jobs ended `unknown`): wait for job outcomes, write the marks. */
  async flushAfterQueueClosed(waitMs = 2_000): Promise<void> {
    await this.jobs.settled(waitMs);
    await this.inFlight.flushNow();
  }
}
