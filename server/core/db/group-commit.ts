/**
 * Group commit for the embedded database. SQLite has one writer, so concurrent commands queue for
 * the connection anyway; each commit costs a WAL write of every page it touched. Commands that
 * arrive while a transaction runs are gathered into the next transaction, each inside its own
 * savepoint: a failing command rolls back only its own work, and every command's promise settles
 * only after the shared COMMIT, so an acknowledged command is durable exactly as before.
 *
 * Two lanes: commands a person or a channel waits for (a customer's message, an agent's reply) and
 * background commands (event processors: analysis, routing, SLA, rules). A batch takes every waiting
 * foreground command and background ones only for its first `backgroundBudgetMs`, so an
 * acknowledgement never waits behind a long run of processor work. A batch also stops after `maxBatchMs` (the rest runs first in
 * the next one), so the event loop is never held for long.
 */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from './types.ts';
import { runCompiled } from './prepared.ts';
import { Deque } from '../lib/deque.ts';

// Raw SQL run straight on the transaction's connection (prepared.ts: no Kysely build, compile or executor per command).
const SAVEPOINT = 'savepoint kefu_group';
const RELEASE = 'release savepoint kefu_group';
const ROLLBACK_TO = 'rollback to savepoint kefu_group';
const NO_VALUES: readonly unknown[] = [];

type Work<T> = (tx: Transaction<DB>) => Promise<T>;
interface Item {
  work: Work<unknown>;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
  background: boolean;
}
type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

export class GroupCommit {
  private queue = new Deque<Item>();
  private background = new Deque<Item>();
  private running = false;
  /** Batches committed and commands in them (observability and tests). */
  readonly stats = { batches: 0, commands: 0, largest: 0 };

  private readonly maxBatch: number;
  private readonly backgroundBudgetMs: number;
  private readonly maxBatchMs: number;
  /** Runs after each batch, between transactions; a promise holds the next batch until it settles (WAL reset, see checkpointer.ts). */
  private readonly afterBatch?: () => Promise<void> | null;
  /** Whether the connection is still inside the batch's transaction (better-sqlite3's `inTransaction`). */
  private readonly inTransaction: () => boolean;

  constructor(
    private readonly db: Kysely<DB>,
    opts: {
      maxBatch?: number;
      backgroundBudgetMs?: number;
      maxBatchMs?: number;
      afterBatch?: () => Promise<void> | null;
      inTransaction?: () => boolean;
    } = {},
  ) {
    this.maxBatch = opts.maxBatch ?? 64;
    this.backgroundBudgetMs = opts.backgroundBudgetMs ?? 4;
    this.maxBatchMs = opts.maxBatchMs ?? 10;
    this.afterBatch = opts.afterBatch;
    this.inTransaction = opts.inTransaction ?? (() => true);
  }

  /** Appends one background command to the batch if the batch is small and young enough. */
  private takeBackground(batch: Item[], started: number): boolean {
    if (
      !this.background.length ||
      batch.length >= this.maxBatch ||
      performance.now() - started >= this.backgroundBudgetMs
    )
      return false;
    batch.push(this.background.shift()!);
    return true;
  }

  run<T>(work: Work<T>, lane: 'foreground' | 'background' = 'foreground'): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      (lane === 'background' ? this.background : this.queue).push({
        work: work as Work<unknown>,
        resolve: resolve as (v: unknown) => void,
        reject,
        background: lane === 'background',
      });
      if (!this.running) {
        this.running = true;
        setImmediate(() => {
          void this.flush();
        });
      }
    });
  }

  private async flush(): Promise<void> {
    const batch = this.queue.take(this.maxBatch);
    // Background work rides along: one command in every batch (no starvation), more while the batch
    // has run less than backgroundBudgetMs (even with foreground commands waiting: they wait at most
    // that long, and background work in its own small transactions cost more commits than it saved).
    if (this.background.length) batch.push(this.background.shift()!);
    const started = performance.now();
    const outcomes: Outcome[] = [];
    try {
      await this.db.transaction().execute(async (tx) => {
        if (batch.length === 1 && !this.background.length) {
          outcomes.push({ ok: true, value: await batch[0].work(tx) }); // a failure rolls back the whole (single) transaction
          return;
        }
        for (let i = 0; i < batch.length || this.takeBackground(batch, started); i++) {
          if (i > 0 && performance.now() - started > this.maxBatchMs) {
            // SQLite calls are synchronous: a long batch is one long task for the event loop. Commit
            // what ran; the rest goes first into the next batch (sockets are served in between).
            const rest = batch.splice(i);
            this.queue.unshift(...rest.filter((r) => !r.background));
            this.background.unshift(...rest.filter((r) => r.background));
            break;
          }
          const item = batch[i];
          await runCompiled(tx, SAVEPOINT, NO_VALUES);
          try {
            const value = await item.work(tx);
            await runCompiled(tx, RELEASE, NO_VALUES);
            outcomes.push({ ok: true, value });
          } catch (error) {
            // After some errors (SQLITE_FULL: disk full; I/O errors) SQLite has already rolled back the
            // whole transaction: the savepoint and the writes of the commands before this one are gone,
            // so the batch failed as a whole, for this command's reason. ROLLBACK TO would only fail with
            // "no such savepoint" (and Kysely's ROLLBACK with "no transaction is active"), hiding the cause.
            if (!this.inTransaction()) throw error;
            await runCompiled(tx, ROLLBACK_TO, NO_VALUES);
            await runCompiled(tx, RELEASE, NO_VALUES);
            outcomes.push({ ok: false, error });
          }
        }
      });
      this.stats.batches++;
      this.stats.commands += batch.length;
      this.stats.largest = Math.max(this.stats.largest, batch.length);
      batch.forEach((item, i) => {
        const o = outcomes[i];
        if (o.ok) item.resolve(o.value);
        else item.reject(o.error);
      });
    } catch (error) {
      // The single command failed, or the COMMIT itself did, or SQLite rolled the transaction back
      // (see above): nothing of the batch is stored.
      for (const item of batch) item.reject(error);
    } finally {
      const hold = this.afterBatch?.() ?? null;
      const next = () => {
        if (this.queue.length || this.background.length)
          setImmediate(() => {
            void this.flush();
          });
        else this.running = false;
      };
      if (hold) void hold.then(next, next);
      else next();
    }
  }
}
