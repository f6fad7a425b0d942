/**
 * What the dispatcher runs: a processor (inline in the committing process, or a job through the
 * queue) and what it is told about where its events came from (both re-exported by dispatcher.ts),
 * and what the dispatcher's modules share: how one run ended, and a sleep.
 */
import type { DomainEvent, EventType } from './catalog.ts';

export interface Processor {
  name: string;
  handles: readonly EventType[] | '*';
  /** inline: run in the committing process right after commit; job: run through the job queue. */
  mode: 'inline' | 'job';
  /** Inline processors of one lane run in order, one event at a time (default: a lane of its own). */
  lane?: string;
  /**
   * Splits the lane into this many sub-lanes by conversation (events without one: by account): one
   * conversation's events still run in commit order through every processor of the lane, different
   * conversations run side by side, so their commands share commits instead of queueing one by one.
   * Every processor of a lane must declare the same number.
   */
  partitions?: number;
  /** Job mode: how many of its jobs run at once on a node (default: the queue's, 4). */
  concurrency?: number;
  handle(event: DomainEvent, meta?: DispatchMeta): Promise<void> | void;
}

/** What the committing process knows about where its events came from (never stored; absent after a sweep). */
export interface DispatchMeta {
  /** The socket whose request recorded the events: it already has the result in its ack. */
  originSocketId?: string;
}

/** How one processor ended for one event: done (completed or dead-lettered), or abandoned (it runs again later). */
export type Outcome = 'done' | 'abandoned';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
