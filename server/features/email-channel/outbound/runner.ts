/**
 * Runs delivery attempts in the background of this process, a few at a time: a new mail is kicked
 * by the processor right after it was queued, due retries by the timer. An attempt already running
 * here for a row is joined, never started twice (and the row's claim guards other processes).
 */
import type { Services } from '../../../core/services.ts';
import { type DeliveryOptions, deliverOne, deliveryOptions } from './deliver.ts';
import { dueOutbox, type OutboxRow } from './outbox.ts';

/** Attempts at once per process: a slow relay holds one, the rest go on. */
const CONCURRENCY = 8;
/** Rows taken per pass of the timer. */
const DUE_BATCH = 100;

export class DeliveryRunner {
  private readonly inFlight = new Map<string, Promise<OutboxRow | null>>();
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly services: Services,
    private readonly opts: DeliveryOptions = deliveryOptions(services),
  ) {}

  /** One attempt for the row (now, or when a slot frees up); joins one already running here. */
  kick(outboxId: string, now?: number): Promise<OutboxRow | null> {
    const running = this.inFlight.get(outboxId);
    if (running) return running;
    const p = this.slot(() =>
      deliverOne(this.services, outboxId, now ?? this.services.clock.now(), this.opts),
    )
      .catch((err) => {
        this.services.log.warn({ err, outboxId }, 'email: delivery attempt failed');
        return null;
      })
      .finally(() => this.inFlight.delete(outboxId));
    this.inFlight.set(outboxId, p);
    return p;
  }

  /** Attempts every row due at `now`; resolves when they ended. Returns how many were due. */
  async runDue(now: number): Promise<number> {
    const ids = await dueOutbox(this.services.database.db, now, DUE_BATCH);
    await Promise.all(ids.map((id) => this.kick(id, now)));
    return ids.length;
  }

  /** Resolves when no attempt runs here any more. */
  async idle(): Promise<void> {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight.values()]);
  }

  private async slot<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= CONCURRENCY) await new Promise<void>((r) => this.waiting.push(r));
    this.active++;
    try {
      return await work();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

const runners = new WeakMap<Services, DeliveryRunner>();

/** The process's runner for these services (the processor and the timer share it). */
export function runnerFor(services: Services): DeliveryRunner {
  let r = runners.get(services);
  if (!r) {
    r = new DeliveryRunner(services);
    runners.set(services, r);
  }
  return r;
}
