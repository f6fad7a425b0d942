/**
 * Leases, the sweeper and recovery: a fresh event belongs to the node that committed it for
 * `leaseMs`; the node renews the lease of events it still works on. A sweeper (any node) claims
 * unmarked events whose lease ran out (the committing node died, or lost its jobs) and runs them;
 * at start in SQLite mode (one process owns the file) every unmarked event is recovered at once.
 */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { DB } from '../db/types.ts';
import type { DomainEvent } from './catalog.ts';
import type { InFlight } from './in-flight.ts';
import { sleep } from './processor.ts';
import { eventFromRow } from './recorder.ts';

export interface SweeperOptions {
  db: Kysely<DB>;
  log: Logger;
  now: () => number;
  leaseMs: number;
  /** Recovery stops fetching while this many events are in flight here (bounded memory). */
  maxBacklog: number;
  inFlight: InFlight;
  /** Hands claimed events to the dispatcher. */
  dispatch: (events: DomainEvent[]) => void;
  closing: () => boolean;
}

export class Sweeper {
  private timer: NodeJS.Timeout | null = null;
  private recovering: Promise<void> | null = null;

  constructor(private o: SweeperOptions) {}

  /**
   * Claims undispatched events whose lease ran out (all of them with `force`: one process owns a
   * SQLite file, so at start nothing else can be working on them) and runs them. Returns how many.
   */
  async sweep(
    opts: { force?: boolean; createdBefore?: number; limit?: number } = {},
  ): Promise<number> {
    const { db, inFlight, leaseMs } = this.o;
    const now = this.o.now();
    const limit = opts.limit ?? 500;
    let total = 0;
    let after = 0;
    for (;;) {
      if (this.o.closing() || inFlight.size >= this.o.maxBacklog) break;
      let q = db
        .updateTable('events')
        .set({ claimed_until: now + leaseMs })
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
        .filter((r) => !inFlight.has(Number(r.id)))
        .sort((a, b) => Number(a.id) - Number(b.id))
        .map(eventFromRow);
      if (events.length) {
        this.o.log.info({ count: events.length }, 're-dispatching events left undispatched');
        this.o.dispatch(events);
        total += events.length;
      }
      if (claimed.length < limit) break;
    }
    return total;
  }

  private leaseExpired(eb: any, now: number) {
    return eb.or([
      eb.and([eb('claimed_until', 'is', null), eb('created_at', '<=', now - this.o.leaseMs)]),
      eb('claimed_until', '<=', now),
    ]);
  }

  /** Extends the lease of events this node still works on (so no other node takes them over). */
  async renewLeases(): Promise<void> {
    const { leaseMs } = this.o;
    const now = this.o.now();
    const due = [...this.o.inFlight.trackers()].filter((t) => now - t.leasedAt >= leaseMs / 3);
    for (let i = 0; i < due.length; i += 500) {
      const batch = due.slice(i, i + 500);
      await this.o.db
        .updateTable('events')
        .set({ claimed_until: now + leaseMs })
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
      while (!this.o.closing()) {
        while (this.o.inFlight.size >= this.o.maxBacklog / 2 && !this.o.closing()) await sleep(50);
        const n = await this.sweep(opts).catch((err) => {
          this.o.log.warn({ err }, 'recovery sweep failed');
          return -1;
        });
        if (n <= 0) break;
      }
    })().finally(() => {
      this.recovering = null;
    });
    return this.recovering;
  }

  start(intervalMs: number): void {
    this.timer = setInterval(() => {
      this.renewLeases()
        .catch((err) => this.o.log.warn({ err }, 'lease renewal failed'))
        .then(() => this.sweep())
        .catch((err) => this.o.log.warn({ err }, 'sweep failed'));
    }, intervalMs);
    this.timer.unref();
  }

  /** Shutdown (once the dispatcher is closing): no more sweeps; waits for a recovery under way. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.recovering?.catch(() => {});
  }
}
