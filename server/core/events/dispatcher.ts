/**
 * Runs processors for events after their transaction committed.
 *
 * - Inline processors run in the committing process, in *lanes*: the processors of one lane see the
 *   events one at a time in commit order; lanes run independently, so routing work never delays the
 *   realtime broadcast. Job processors go through the job queue (in-memory or BullMQ).
 * - An event is marked dispatched only when every processor that handles it finished: completed, or
 *   failed after its attempts and recorded in the dead-letter list (`dead_jobs`, see dead-jobs.ts).
 *   A crash before that leaves the event unmarked, and a sweeper runs it again: processors are
 *   at-least-once and idempotent, so background work has an exactly-once *effect* after any crash.
 * - Leases: a fresh event belongs to the node that committed it for `leaseMs`; the node renews the
 *   lease of events it still works on. A sweeper (any node) claims unmarked events whose lease ran
 *   out (the committing node died, or lost its jobs) and runs them; at start in SQLite mode (one
 *   process owns the file) every unmarked event is recovered at once.
 */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { DB } from '../db/types.ts';
import { errorText, type JobOutcome, type JobQueue } from '../infra/ports.ts';
import type { DomainEvent, EventType } from './catalog.ts';
import { eventFromRow } from './recorder.ts';
import { metrics } from '../infra/metrics.ts';
import { Deque } from '../lib/deque.ts';
import { DeadJobs } from './dead-jobs.ts';

export interface Processor {
  name: string;
  handles: readonly EventType[] | '*';
  /** inline: run in the committing process right after commit; job: run through the job queue. */
  mode: 'inline' | 'job';
  /** Inline processors of one lane run in order, one event at a time (default: a lane of its own). */
  lane?: string;
  handle(event: DomainEvent, meta?: DispatchMeta): Promise<void> | void;
}

/** What the committing process knows about where its events came from (never stored; absent after a sweep). */
export interface DispatchMeta {
  /** The socket whose request recorded the events: it already has the result in its ack. */
  originSocketId?: string;
}

export interface DispatcherOptions {
  /** How long an event belongs to the node working on it before another node's sweeper may take it. */
  leaseMs?: number;
  /** Attempts of an inline processor before it is dead-lettered (jobs: the queue's attempts). */
  attempts?: number;
  backoffMs?: number;
  /** Recovery stops fetching while this many events are in flight here (bounded memory). */
  maxBacklog?: number;
}

/** One event in flight here: how many of its processors have not finished. */
interface Tracker {
  event: DomainEvent;
  pending: number;
  abandoned: boolean;
  leasedAt: number;
}
interface LaneItem {
  p: Processor;
  event: DomainEvent;
  meta?: DispatchMeta;
  t: Tracker;
}
interface Lane {
  items: Deque<LaneItem>;
  running: Promise<void> | null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class Dispatcher {
  private processors: Processor[] = [];
  private byType = new Map<string, Processor[]>();
  private lanes = new Map<string, Lane>();
  private pendingMarks: number[] = [];
  private markTimer: NodeJS.Timeout | null = null;
  private sweepTimer: NodeJS.Timeout | null = null;
  private jobs = new Set<Promise<void>>();
  /** Events handed to this dispatcher whose dispatch mark is not written yet (the sweeper leaves them alone). */
  private unmarked = new Map<number, Tracker>();
  private closing = false;
  private recovering: Promise<void> | null = null;
  readonly deadJobs: DeadJobs;
  private readonly leaseMs: number;
  private readonly attempts: number;
  private readonly backoffMs: number;
  private readonly maxBacklog: number;

  constructor(
    private db: Kysely<DB>,
    private queue: JobQueue,
    private log: Logger,
    private now: () => number = Date.now,
    opts: DispatcherOptions = {},
  ) {
    this.leaseMs = opts.leaseMs ?? 15_000;
    this.attempts = opts.attempts ?? 3;
    this.backoffMs = opts.backoffMs ?? 100;
    this.maxBacklog = opts.maxBacklog ?? 5_000;
    this.deadJobs = new DeadJobs(db, now);
  }

  register(p: Processor): void {
    this.processors.push(p);
    this.byType.clear();
    if (p.mode === 'job') {
      this.queue.process(`event:${p.name}`, async (data) => {
        await p.handle(data as DomainEvent);
      });
    }
  }

  processor(name: string): Processor | undefined {
    return this.processors.find((p) => p.name === name);
  }

  /** Events handed over and not yet marked dispatched (for tests and metrics). */
  get backlog(): number {
    return this.unmarked.size;
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
      if (this.unmarked.has(event.id)) continue; // already in flight here (a sweep raced the commit)
      const procs = this.processorsFor(event.type);
      const t: Tracker = {
        event,
        pending: procs.length,
        abandoned: this.closing,
        leasedAt: this.now(),
      };
      this.unmarked.set(event.id, t);
      if (!procs.length) {
        this.settle(t);
        continue;
      }
      for (const p of procs) {
        if (p.mode === 'job') {
          this.startJob(p, event, t);
          continue;
        }
        const lane = this.lane(p.lane ?? p.name);
        lane.items.push({ p, event, meta, t });
        touched.add(lane);
      }
    }
    for (const lane of touched) this.pump(lane);
  }

  private lane(name: string): Lane {
    let lane = this.lanes.get(name);
    if (!lane) {
      lane = { items: new Deque(), running: null };
      this.lanes.set(name, lane);
    }
    return lane;
  }

  private pump(lane: Lane): void {
    if (lane.running) return;
    lane.running = (async () => {
      while (lane.items.length && !this.closing) {
        const item = lane.items.shift()!;
        this.finish(item.t, await this.runInline(item));
      }
      // Items left behind by a shutdown are not marked: the next start runs them.
      for (let item = lane.items.shift(); item; item = lane.items.shift())
        this.finish(item.t, 'abandoned');
    })().finally(() => {
      lane.running = null;
      if (lane.items.length && !this.closing) this.pump(lane);
    });
  }

  /** Runs one inline processor with retries; a processor that keeps failing is dead-lettered. */
  private async runInline({ p, event, meta }: LaneItem): Promise<'done' | 'abandoned'> {
    for (let attempt = 1; ; attempt++) {
      try {
        await p.handle(event, meta);
        return 'done';
      } catch (err) {
        metrics.processorFailures.inc({ processor: p.name });
        this.log.error({ err, processor: p.name, eventId: event.id, attempt }, 'processor failed');
        if (attempt >= this.attempts) return this.deadLetter(p, event, errorText(err), attempt);
        if (this.closing) return 'abandoned';
        await sleep(this.backoffMs * 2 ** (attempt - 1));
      }
    }
  }

  private startJob(p: Processor, event: DomainEvent, t: Tracker): void {
    const work = this.queue
      .run(`event:${p.name}`, event, { jobId: `${p.name}:${event.id}`, attempts: this.attempts })
      .then((o: JobOutcome) =>
        o.status === 'completed'
          ? ('done' as const)
          : o.status === 'failed'
            ? this.deadLetter(p, event, o.error, o.attempts)
            : ('abandoned' as const),
      )
      .catch(() => 'abandoned' as const)
      .then((r) => this.finish(t, r));
    this.jobs.add(work);
    void work.finally(() => this.jobs.delete(work));
  }

  private async deadLetter(
    p: Processor,
    event: DomainEvent,
    error: string,
    attempts: number,
  ): Promise<'done' | 'abandoned'> {
    try {
      await this.deadJobs.record(p.name, event, error, attempts);
      this.log.error({ processor: p.name, eventId: event.id, attempts }, 'processor dead-lettered');
      return 'done';
    } catch (err) {
      this.log.warn(
        { err, processor: p.name, eventId: event.id },
        'could not dead-letter: the event stays undispatched',
      );
      return 'abandoned';
    }
  }

  private finish(t: Tracker, result: 'done' | 'abandoned'): void {
    if (result === 'abandoned') t.abandoned = true;
    if (--t.pending <= 0) this.settle(t);
  }

  /** All processors of the event ended: mark it, or (abandoned) leave it to a sweeper. */
  private settle(t: Tracker): void {
    if (t.abandoned) {
      this.unmarked.delete(t.event.id);
      return;
    }
    this.pendingMarks.push(t.event.id);
    this.scheduleMark();
  }

  private scheduleMark(delayMs = 20): void {
    if (this.markTimer) return;
    this.markTimer = setTimeout(() => {
      this.markTimer = null;
      void this.flushMarks();
    }, delayMs);
  }

  async flushMarks(): Promise<void> {
    while (this.pendingMarks.length) {
      const ids = this.pendingMarks.splice(0, 500);
      try {
        await this.db
          .updateTable('events')
          .set({ dispatched_at: this.now() })
          .where('id', 'in', ids)
          .execute();
      } catch (err) {
        // Kept and tried again: an unwritten mark only means the event could run once more.
        this.log.warn({ err }, 'could not mark events dispatched');
        this.pendingMarks.unshift(...ids);
        if (!this.closing) this.scheduleMark(1_000);
        return;
      }
      for (const id of ids) this.unmarked.delete(id);
    }
  }

  /**
   * Claims undispatched events whose lease ran out (all of them with `force`: one process owns a
   * SQLite file, so at start nothing else can be working on them) and runs them. Returns how many.
   */
  async sweep(
    opts: { force?: boolean; createdBefore?: number; limit?: number } = {},
  ): Promise<number> {
    const now = this.now();
    const limit = opts.limit ?? 500;
    let total = 0;
    let after = 0;
    for (;;) {
      if (this.closing || this.unmarked.size >= this.maxBacklog) break;
      let q = this.db
        .updateTable('events')
        .set({ claimed_until: now + this.leaseMs })
        .where('dispatched_at', 'is', null)
        .where('id', 'in', (qb) => {
          let s = qb
            .selectFrom('events')
            .select('id')
            .where('dispatched_at', 'is', null)
            .where('id', '>', after);
          if (opts.createdBefore !== undefined) s = s.where('created_at', '<', opts.createdBefore);
          if (!opts.force) s = s.where((eb) => this.leaseExpired(eb, now));
          return s.orderBy('id').limit(limit);
        });
      // The outer re-check makes concurrent sweepers (several nodes) claim each event at most once.
      if (!opts.force) q = q.where((eb) => this.leaseExpired(eb, now));
      const claimed = await q.returningAll().execute();
      if (!claimed.length) break;
      after = Math.max(...claimed.map((r) => Number(r.id)));
      const events = claimed
        .filter((r) => !this.unmarked.has(Number(r.id)))
        .sort((a, b) => Number(a.id) - Number(b.id))
        .map(eventFromRow);
      if (events.length) {
        this.log.info({ count: events.length }, 're-dispatching events left undispatched');
        this.dispatch(events);
        total += events.length;
      }
      if (claimed.length < limit) break;
    }
    return total;
  }

  private leaseExpired(eb: any, now: number) {
    return eb.or([
      eb.and([eb('claimed_until', 'is', null), eb('created_at', '<=', now - this.leaseMs)]),
      eb('claimed_until', '<=', now),
    ]);
  }

  /** Extends the lease of events this node still works on (so no other node takes them over). */
  async renewLeases(): Promise<void> {
    const now = this.now();
    const due = [...this.unmarked.values()].filter((t) => now - t.leasedAt >= this.leaseMs / 3);
    for (let i = 0; i < due.length; i += 500) {
      const batch = due.slice(i, i + 500);
      await this.db
        .updateTable('events')
        .set({ claimed_until: now + this.leaseMs })
        .where(
          'id',
          'in',
          batch.map((t) => t.event.id),
        )
        .where('dispatched_at', 'is', null)
        .execute();
      for (const t of batch) t.leasedAt = now;
    }
  }

  /**
   * Runs every event left undispatched by a previous process (crash), in the background, a batch
   * at a time as the backlog allows. SQLite mode: `force` (nothing else owns them).
   */
  recover(opts: { force: boolean; createdBefore: number }): Promise<void> {
    this.recovering ??= (async () => {
      while (!this.closing) {
        while (this.unmarked.size >= this.maxBacklog / 2 && !this.closing) await sleep(50);
        const n = await this.sweep(opts).catch((err) => {
          this.log.warn({ err }, 'recovery sweep failed');
          return -1;
        });
        if (n <= 0) break;
      }
    })().finally(() => {
      this.recovering = null;
    });
    return this.recovering;
  }

  startSweeper(intervalMs = 5_000): void {
    this.sweepTimer = setInterval(() => {
      this.renewLeases()
        .catch((err) => this.log.warn({ err }, 'lease renewal failed'))
        .then(() => this.sweep())
        .catch((err) => this.log.warn({ err }, 'sweep failed'));
    }, intervalMs);
    this.sweepTimer.unref();
  }

  /** Reruns one dead-lettered processor for its event now (an admin's retry). */
  async retryDead(
    accountId: string,
    id: string,
  ): Promise<
    | { status: 'completed' }
    | { status: 'failed'; error: string; attempts?: number; failedAt?: string }
    | null
  > {
    const dead = await this.deadJobs.get(accountId, id);
    if (!dead) return null;
    const row = await this.db
      .selectFrom('events')
      .selectAll()
      .where('id', '=', dead.event_id)
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    const p = this.processor(dead.processor);
    if (!row || !p) {
      await this.deadJobs.remove(accountId, id);
      return { status: 'failed', error: 'The event or its processor no longer exists.' };
    }
    const event = eventFromRow(row);
    let outcome: JobOutcome;
    if (p.mode === 'job')
      outcome = await this.queue.run(`event:${p.name}`, event, {
        jobId: `${p.name}:${event.id}:retry:${this.now()}`,
        attempts: 1,
      });
    else
      outcome = await Promise.resolve()
        .then(() => p.handle(event))
        .then(
          () => ({ status: 'completed' as const }),
          (err) => ({ status: 'failed' as const, error: errorText(err), attempts: 1 }),
        );
    if (outcome.status === 'completed') {
      await this.deadJobs.remove(accountId, id);
      return { status: 'completed' };
    }
    const error = outcome.status === 'failed' ? outcome.error : 'The job did not finish.';
    await this.deadJobs.record(p.name, event, error, 1);
    const now = await this.deadJobs.get(accountId, id);
    return {
      status: 'failed',
      error,
      attempts: now?.attempts ?? dead.attempts + 1,
      failedAt: new Date(Number(now?.failed_at ?? this.now())).toISOString(),
    };
  }

  /**
   * Graceful shutdown: stops taking work, lets running processors finish their current event, and
   * writes the marks of what finished. Whatever did not finish stays undispatched for the next start.
   */
  async drain(): Promise<void> {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.closing = true;
    await this.recovering?.catch(() => {});
    for (;;) {
      const running = [...this.lanes.values()].map((l) => l.running).filter(Boolean);
      if (!running.length) break;
      await Promise.allSettled(running);
    }
    if (this.markTimer) {
      clearTimeout(this.markTimer);
      this.markTimer = null;
    }
    await this.flushMarks();
  }

  /** Resolves when every event handed over so far is marked or abandoned (tests, benchmarks). */
  async idle(): Promise<void> {
    while (this.unmarked.size && !this.closing) {
      await sleep(10);
      if (this.pendingMarks.length && !this.markTimer) await this.flushMarks();
    }
  }

  /** After the queue closed (its waiting jobs ended `unknown`): wait for job outcomes, write the marks. */
  async flushAfterQueueClosed(waitMs = 2_000): Promise<void> {
    // A closed queue ends its waits at once; a job stuck on an unreachable Redis is not waited for
    // (its event stays undispatched and runs again at the next start).
    const until = performance.now() + waitMs;
    while (this.jobs.size && performance.now() < until)
      await Promise.race([
        Promise.allSettled([...this.jobs]),
        sleep(Math.max(0, until - performance.now())),
      ]);
    if (this.markTimer) {
      clearTimeout(this.markTimer);
      this.markTimer = null;
    }
    await this.flushMarks();
  }
}
