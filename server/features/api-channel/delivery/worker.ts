/**
 * The retry loop: every `pollMs` (and at once when kicked) it claims the deliveries that are due,
 * POSTs each to its inbox's webhook and records the outcome (delivered; due again after an
 * exponential backoff; dead after the policy's last attempt). State lives in the database, so a
 * restart or another node carries on where this one stopped. Clock and timers are injected: tests
 * move time by hand instead of sleeping.
 */
import type { Services } from '../../../core/services.ts';
import { webhookSecretBox } from '../domain/credentials.ts';
import { DEFAULT_POLICY, type DeliveryPolicy } from '../domain/policy.ts';
import {
  type AttemptOutcome,
  claim,
  claimDue,
  type DeliveryRow,
  recordAttempt,
  webhookTarget,
} from './claims.ts';
import { postWebhook } from './send.ts';

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

export interface WorkerOptions {
  services: Pick<Services, 'database' | 'secret' | 'log' | 'clock' | 'config'>;
  now?: () => number;
  timers?: Timers;
  policy?: Partial<DeliveryPolicy>;
  /** How often due deliveries are looked for (kicks come in between). */
  pollMs?: number;
  /** Deliveries claimed per batch, and attempted at once. */
  batch?: number;
  concurrency?: number;
  /** Reach private addresses (OUTBOUND_ALLOW_PRIVATE by default). */
  allowPrivate?: boolean;
}

export interface RunStats {
  attempted: number;
  delivered: number;
  retrying: number;
  dead: number;
}

export class DeliveryWorker {
  readonly policy: DeliveryPolicy;
  private readonly now: () => number;
  private readonly timers: Timers;
  private readonly pollMs: number;
  private readonly batch: number;
  private readonly concurrency: number;
  private readonly allowPrivate: boolean;
  private readonly box;
  private timer: unknown = null;
  private kicked: unknown = null;
  private running: Promise<unknown> = Promise.resolve();
  private stopped = true;

  constructor(private readonly opts: WorkerOptions) {
    const s = opts.services;
    this.policy = { ...DEFAULT_POLICY, ...opts.policy };
    this.now = opts.now ?? (() => s.clock.now());
    this.timers = opts.timers ?? realTimers;
    this.pollMs = opts.pollMs ?? 2_000;
    // a batch's slowest lane (batch / concurrency attempts of at most timeoutMs) stays well inside the lease
    this.batch = opts.batch ?? 8;
    this.concurrency = opts.concurrency ?? 4;
    this.allowPrivate = opts.allowPrivate ?? s.config.allowPrivateOutbound;
    this.box = webhookSecretBox(s.secret);
  }

  start(): void {
    this.stopped = false;
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const h of [this.timer, this.kicked]) if (h) this.timers.clearTimeout(h);
    this.timer = this.kicked = null;
    await this.running.catch(() => {});
  }

  /** Something became due (a new delivery): run soon instead of at the next poll. */
  kick(): void {
    if (this.stopped || this.kicked) return;
    this.kicked = this.timers.setTimeout(() => {
      this.kicked = null;
      void this.runDue().catch((err) => this.opts.services.log.warn({ err }, 'webhook run failed'));
    }, 0);
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      void this.runDue()
        .catch((err) => this.opts.services.log.warn({ err }, 'webhook run failed'))
        .finally(() => this.schedule());
    }, this.pollMs);
  }

  /** Attempts every delivery due now, batch after batch (runs of one worker never overlap). */
  runDue(): Promise<RunStats> {
    const run = this.running.catch(() => {}).then(() => this.drain());
    this.running = run;
    return run;
  }

  private async drain(): Promise<RunStats> {
    const stats: RunStats = { attempted: 0, delivered: 0, retrying: 0, dead: 0 };
    const db = this.opts.services.database.db;
    for (let round = 0; round < 50; round++) {
      const rows = await claimDue(db, this.now(), this.policy.leaseMs, this.batch);
      await this.attemptAll(rows, stats);
      if (rows.length < this.batch) break;
    }
    return stats;
  }

  /**
   * Attempts one delivery now if it is pending and was due by `dueAt` (an admin's redelivery); a
   * delivery another run claimed meanwhile is left to it. Returns the row after the attempt, if any.
   */
  async runOne(id: string, dueAt: number): Promise<DeliveryRow | undefined> {
    const db = this.opts.services.database.db;
    const [row] = await claim(db, [id], dueAt, this.now(), this.policy.leaseMs);
    return row ? this.attempt(row) : undefined;
  }

  private async attemptAll(rows: DeliveryRow[], stats: RunStats): Promise<void> {
    let next = 0;
    const lane = async () => {
      while (next < rows.length) {
        const done = await this.attempt(rows[next++]);
        stats.attempted++;
        if (done?.status === 'delivered') stats.delivered++;
        else if (done?.status === 'dead') stats.dead++;
        else stats.retrying++;
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, rows.length) }, lane));
  }

  private async attempt(row: DeliveryRow): Promise<DeliveryRow | undefined> {
    const db = this.opts.services.database.db;
    const outcome = await this.deliver(row);
    const done = await recordAttempt(db, row, outcome, this.now(), this.policy);
    if (done?.status === 'dead')
      this.opts.services.log.warn(
        { deliveryId: row.id, inboxId: row.inbox_id, error: outcome.error },
        'webhook delivery is dead after its last attempt',
      );
    return done;
  }

  private async deliver(row: DeliveryRow): Promise<AttemptOutcome> {
    const at = this.now();
    const target = await webhookTarget(this.opts.services.database.db, row.inbox_id, at);
    if (!target) return { ok: false, status: null, error: 'webhook_not_configured', final: true };
    const secrets = target.sealed.map((s) => this.box.open(s));
    if (secrets[0] === null)
      return { ok: false, status: null, error: 'secret_unreadable', final: true };
    return postWebhook({
      url: target.url,
      body: row.payload,
      deliveryId: row.id,
      eventType: row.event_type,
      secrets: secrets.filter((s): s is string => s !== null),
      now: at,
      timeoutMs: this.policy.timeoutMs,
      allowPrivate: this.allowPrivate,
    });
  }
}
