/**
 * Job processors and dead letters: a job processor's run through the job queue (in-memory or
 * BullMQ) and its outcome, the dead-lettering of a processor that failed all its attempts (inline
 * or job; the list itself is dead-jobs.ts), and an admin's retry of a dead-lettered one.
 */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { DB } from '../db/types.ts';
import { errorText, type JobOutcome, type JobQueue } from '../infra/ports.ts';
import type { DomainEvent } from './catalog.ts';
import type { DeadJobs } from './dead-jobs.ts';
import type { Tracker } from './in-flight.ts';
import { type Outcome, type Processor, sleep } from './processor.ts';
import { eventFromRow } from './recorder.ts';

export interface EventJobsOptions {
  db: Kysely<DB>;
  queue: JobQueue;
  deadJobs: DeadJobs;
  log: Logger;
  now: () => number;
  /** The queue's attempts of a job processor. */
  attempts: number;
  processor: (name: string) => Processor | undefined;
  /** One processor ended for one event. */
  finish: (t: Tracker, result: Outcome) => void;
}

export type RetryResult =
  | { status: 'completed' }
  | { status: 'failed'; error: string; attempts?: number; failedAt?: string };

export class EventJobs {
  private jobs = new Set<Promise<void>>();

  constructor(private o: EventJobsOptions) {}

  start(p: Processor, event: DomainEvent, t: Tracker): void {
    const work = this.o.queue
      .run(`event:${p.name}`, event, { jobId: `${p.name}:${event.id}`, attempts: this.o.attempts })
      .then((o: JobOutcome) =>
        o.status === 'completed'
          ? ('done' as const)
          : o.status === 'failed'
            ? this.deadLetter(p, event, o.error, o.attempts)
            : ('abandoned' as const),
      )
      .catch(() => 'abandoned' as const)
      .then((r) => this.o.finish(t, r));
    this.jobs.add(work);
    void work.finally(() => this.jobs.delete(work));
  }

  async deadLetter(
    p: Processor,
    event: DomainEvent,
    error: string,
    attempts: number,
  ): Promise<Outcome> {
    try {
      await this.o.deadJobs.record(p.name, event, error, attempts);
      this.o.log.error(
        { processor: p.name, eventId: event.id, attempts },
        'processor dead-lettered',
      );
      return 'done';
    } catch (err) {
      this.o.log.warn(
        { err, processor: p.name, eventId: event.id },
        'could not dead-letter: the event stays undispatched',
      );
      return 'abandoned';
    }
  }

  /** Waits up to `waitMs` for the outcomes of the jobs started here. */
  async settled(waitMs: number): Promise<void> {
    // A closed queue ends its waits at once; a job stuck on an unreachable Redis is not waited for
    // (its event stays undispatched and runs again at the next start).
    const until = performance.now() + waitMs;
    while (this.jobs.size && performance.now() < until)
      await Promise.race([
        Promise.allSettled([...this.jobs]),
        sleep(Math.max(0, until - performance.now())),
      ]);
  }

  /** Reruns one dead-lettered processor for its event now (an admin's retry). */
  async retryDead(accountId: string, id: string): Promise<RetryResult | null> {
    const { db, queue, deadJobs, now } = this.o;
    const dead = await deadJobs.get(accountId, id);
    if (!dead) return null;
    const row = await db
      .selectFrom('events')
      .selectAll()
      .where('id', '=', dead.event_id)
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    const p = this.o.processor(dead.processor);
    if (!row || !p) {
      await deadJobs.remove(accountId, id);
      return { status: 'failed', error: 'The event or its processor no longer exists.' };
    }
    const event = eventFromRow(row);
    let outcome: JobOutcome;
    if (p.mode === 'job')
      outcome = await queue.run(`event:${p.name}`, event, {
        jobId: `${p.name}:${event.id}:retry:${now()}`,
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
      await deadJobs.remove(accountId, id);
      return { status: 'completed' };
    }
    const error = outcome.status === 'failed' ? outcome.error : 'The job did not finish.';
    await deadJobs.record(p.name, event, error, 1);
    const after = await deadJobs.get(accountId, id);
    return {
      status: 'failed',
      error,
      attempts: after?.attempts ?? dead.attempts + 1,
      failedAt: new Date(Number(after?.failed_at ?? now())).toISOString(),
    };
  }
}
