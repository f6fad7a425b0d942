/**
 * Inline processors run in *lanes*: the processors of one lane see the events one at a time in
 * commit order; lanes run independently, so routing work never delays the realtime broadcast. A
 * partitioned lane (`Processor.partitions`) is one lane per conversation hash: a conversation's
 * events keep commit order, other conversations' events run alongside (as they do on other nodes in
 * scaled mode), so a burst is not worked off one database round trip at a time. A processor that
 * fails is retried with backoff, then dead-lettered.
 */
import type { Logger } from 'pino';
import { errorText } from '../infra/ports.ts';
import { metrics } from '../infra/metrics.ts';
import { Deque } from '../lib/deque.ts';
import type { DomainEvent } from './catalog.ts';
import type { Tracker } from './in-flight.ts';
import { type DispatchMeta, type Outcome, type Processor, sleep } from './processor.ts';

export interface LaneItem {
  p: Processor;
  event: DomainEvent;
  meta?: DispatchMeta;
  t: Tracker;
}
export interface Lane {
  items: Deque<LaneItem>;
  running: Promise<void> | null;
}

export interface LanesOptions {
  /** Split partitioned lanes (`Processor.partitions`); when false every lane is one. */
  parallel?: boolean;
  log: Logger;
  /** Attempts of an inline processor before it is dead-lettered. */
  attempts: number;
  backoffMs: number;
  closing: () => boolean;
  deadLetter: (
    p: Processor,
    event: DomainEvent,
    error: string,
    attempts: number,
  ) => Promise<Outcome>;
  /** One processor ended for one event. */
  finish: (t: Tracker, result: Outcome) => void;
}

export class Lanes {
  private lanes = new Map<string, Lane>();

  constructor(private o: LanesOptions) {}

  /** Queues one inline processor's run on its lane; `pump` the lane to start it. */
  enqueue(item: LaneItem): Lane {
    const base = item.p.lane ?? item.p.name;
    const n = this.o.parallel === false ? 1 : (item.p.partitions ?? 1);
    const name =
      n > 1 ? `${base}#${hash(item.event.conversationId ?? item.event.accountId) % n}` : base;
    let lane = this.lanes.get(name);
    if (!lane) {
      lane = { items: new Deque(), running: null };
      this.lanes.set(name, lane);
    }
    lane.items.push(item);
    return lane;
  }

  pump(lane: Lane): void {
    if (lane.running) return;
    lane.running = (async () => {
      while (lane.items.length && !this.o.closing()) {
        const item = lane.items.shift()!;
        this.o.finish(item.t, await this.runInline(item));
      }
      // Items left behind by a shutdown are not marked: the next start runs them.
      for (let item = lane.items.shift(); item; item = lane.items.shift())
        this.o.finish(item.t, 'abandoned');
    })().finally(() => {
      lane.running = null;
      if (lane.items.length && !this.o.closing()) this.pump(lane);
    });
  }

  /** Resolves when no lane runs (after a shutdown began, lanes stop at their current event). */
  async settled(): Promise<void> {
    for (;;) {
      const running = [...this.lanes.values()].map((l) => l.running).filter(Boolean);
      if (!running.length) break;
      await Promise.allSettled(running);
    }
  }

  /** Runs one inline processor with retries; a processor that keeps failing is dead-lettered. */
  private async runInline({ p, event, meta }: LaneItem): Promise<Outcome> {
    for (let attempt = 1; ; attempt++) {
      try {
        await p.handle(event, meta);
        return 'done';
      } catch (err) {
        metrics.processorFailures.inc({ processor: p.name });
        this.o.log.error(
          { err, processor: p.name, eventId: event.id, attempt },
          'processor failed',
        );
        if (attempt >= this.o.attempts) return this.o.deadLetter(p, event, errorText(err), attempt);
        if (this.o.closing()) return 'abandoned';
        await sleep(this.o.backoffMs * 2 ** (attempt - 1));
      }
    }
  }
}

/** FNV-1a over the string's UTF-16 code units: a cheap, stable spread of ids over sub-lanes. */
export function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
