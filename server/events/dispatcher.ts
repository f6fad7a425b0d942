/**
 * Runs processors for events after their transaction committed. Inline processors run at once in
 * this process (realtime broadcast); job processors are handed to the job queue (in-memory or BullMQ).
 * Dispatched events are marked in batches; a sweeper re-dispatches events left behind by a crash.
 */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { DB } from '../db/types.ts';
import type { JobQueue } from '../infra/ports.ts';
import type { DomainEvent, EventType } from './catalog.ts';
import { eventFromRow } from './recorder.ts';
import { metrics } from '../infra/metrics.ts';

export interface Processor {
  name: string;
  handles: readonly EventType[] | '*';
  /** inline: run in the committing process right after commit; job: run through the job queue. */
  mode: 'inline' | 'job';
  handle(event: DomainEvent, meta?: DispatchMeta): Promise<void> | void;
}

/** What the committing process knows about where its events came from (never stored; absent after a sweep). */
export interface DispatchMeta {
  /** The socket whose request recorded the events: it already has the result in its ack. */
  originSocketId?: string;
}

export class Dispatcher {
  private processors: Processor[] = [];
  private pendingMarks: number[] = [];
  private markTimer: NodeJS.Timeout | null = null;
  private sweepTimer: NodeJS.Timeout | null = null;
  private inflight = new Set<Promise<void>>();
  /** Events handed to this dispatcher whose dispatch mark is not written yet (the sweeper leaves them alone). */
  private unmarked = new Set<number>();

  constructor(private db: Kysely<DB>, private queue: JobQueue, private log: Logger, private now: () => number = Date.now) {}

  register(p: Processor): void {
    this.processors.push(p);
    if (p.mode === 'job') {
      this.queue.process(`event:${p.name}`, async (data) => { await p.handle(data as DomainEvent); });
    }
  }

  dispatch(events: DomainEvent[], meta?: DispatchMeta): void {
    if (!events.length) return;
    for (const e of events) this.unmarked.add(e.id);
    const work = this.runAll(events, meta).finally(() => this.inflight.delete(work));
    this.inflight.add(work);
  }

  private async runAll(events: DomainEvent[], meta?: DispatchMeta): Promise<void> {
    for (const event of events) {
      for (const p of this.processors) {
        if (p.handles !== '*' && !p.handles.includes(event.type)) continue;
        try {
          if (p.mode === 'inline') await p.handle(event, meta);
          else await this.queue.add(`event:${p.name}`, event, { jobId: `${p.name}:${event.id}` });
        } catch (err) {
          metrics.processorFailures.inc({ processor: p.name });
          this.log.error({ err, processor: p.name, eventId: event.id }, 'processor failed');
        }
      }
      this.pendingMarks.push(event.id);
    }
    this.scheduleMark();
  }

  private scheduleMark(): void {
    if (this.markTimer) return;
    this.markTimer = setTimeout(() => { this.markTimer = null; void this.flushMarks(); }, 20);
  }

  async flushMarks(): Promise<void> {
    while (this.pendingMarks.length) {
      const ids = this.pendingMarks.splice(0, 500);
      try {
        await this.db.updateTable('events').set({ dispatched_at: this.now() }).where('id', 'in', ids).execute();
      } catch (err) {
        this.log.warn({ err }, 'could not mark events dispatched');
      }
      for (const id of ids) this.unmarked.delete(id);
    }
  }

  /** Claims events that nobody dispatched (crash between commit and dispatch) and runs them. */
  async sweep(olderThanMs = 5_000, createdBefore = Infinity): Promise<number> {
    const cutoff = Math.min(this.now() - olderThanMs, createdBefore);
    // The outer re-check makes concurrent sweepers (several nodes) claim each event at most once.
    const claimed = await this.db.updateTable('events').set({ dispatched_at: this.now() })
      .where('dispatched_at', 'is', null)
      .where('id', 'in', (qb) => qb.selectFrom('events').select('id').where('dispatched_at', 'is', null)
        .where('created_at', '<=', cutoff).orderBy('id').limit(500))
      .returningAll().execute();
    // Events this process is still working on (a backlog under load can be older than the cutoff) are
    // not lost: running them again would only pile duplicate work onto an overloaded node.
    const events = claimed.filter((r) => !this.unmarked.has(Number(r.id))).sort((a, b) => Number(a.id) - Number(b.id)).map(eventFromRow);
    if (events.length) {
      this.log.info({ count: events.length }, 're-dispatching events left undispatched');
      await this.runAll(events);
    }
    return events.length;
  }

  startSweeper(intervalMs = 5_000): void {
    this.sweepTimer = setInterval(() => { this.sweep().catch((err) => this.log.warn({ err }, 'sweep failed')); }, intervalMs);
    this.sweepTimer.unref();
  }

  /** Waits for in-flight processors and writes the pending dispatch marks (graceful shutdown). */
  async drain(): Promise<void> {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    while (this.inflight.size) await Promise.allSettled([...this.inflight]);
    if (this.markTimer) { clearTimeout(this.markTimer); this.markTimer = null; }
    await this.flushMarks();
  }
}
