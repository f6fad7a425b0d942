/**
 * The events in flight in this dispatcher and their dispatch marks: an event is marked dispatched
 * (`events.dispatched_at`, written in batches) only when every processor that handles it finished;
 * an abandoned one is forgotten here, unmarked, for a sweeper or the next start to run again.
 */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { DB } from '../db/types.ts';
import type { DomainEvent } from './catalog.ts';
import { type Outcome, sleep } from './processor.ts';

/** One event in flight here: how many of its processors have not finished. */
export interface Tracker {
  event: DomainEvent;
  pending: number;
  abandoned: boolean;
  leasedAt: number;
}

export class InFlight {
  /** Events handed to this dispatcher whose dispatch mark is not written yet (the sweeper leaves them alone). */
  private unmarked = new Map<number, Tracker>();
  private pendingMarks: number[] = [];
  private markTimer: NodeJS.Timeout | null = null;

  constructor(
    private db: Kysely<DB>,
    private log: Logger,
    private now: () => number,
    private closing: () => boolean,
  ) {}

  get size(): number {
    return this.unmarked.size;
  }

  has(eventId: number): boolean {
    return this.unmarked.has(eventId);
  }

  trackers(): Iterable<Tracker> {
    return this.unmarked.values();
  }

  track(event: DomainEvent, pending: number): Tracker {
    const t: Tracker = { event, pending, abandoned: this.closing(), leasedAt: this.now() };
    this.unmarked.set(event.id, t);
    return t;
  }

  finish(t: Tracker, result: Outcome): void {
    if (result === 'abandoned') t.abandoned = true;
    if (--t.pending <= 0) this.settle(t);
  }

  /** All processors of the event ended: mark it, or (abandoned) leave it to a sweeper. */
  settle(t: Tracker): void {
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
        if (!this.closing()) this.scheduleMark(1_000);
        return;
      }
      for (const id of ids) this.unmarked.delete(id);
    }
  }

  /** Shutdown: no more scheduled writes; the marks pending now are written at once. */
  async flushNow(): Promise<void> {
    if (this.markTimer) {
      clearTimeout(this.markTimer);
      this.markTimer = null;
    }
    await this.flushMarks();
  }

  /** Resolves when every event handed over so far is marked or abandoned (tests, benchmarks). */
  async idle(): Promise<void> {
    while (this.unmarked.size && !this.closing()) {
      await sleep(10);
      if (this.pendingMarks.length && !this.markTimer) await this.flushMarks();
    }
  }
}
