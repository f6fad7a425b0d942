/**
 * Out of storage space. When the disk (or PostgreSQL's) is full every write fails while reads still
 * work. Clients get 503 `storage_full` with `Retry-After` (HTTP) or the same code in their socket ack,
 * never 500; `/readyz` reports `storage: full` while the condition holds; `/metrics` counts the
 * failures and shows a 0/1 gauge; the cause is logged once per interval, not once per request.
 *
 * The condition is seen, not probed: it starts with a write that failed for lack of space and ends
 * with the next write that committed (the process recovers by itself once space is freed), or after
 * `windowMs` without another such failure.
 */
import type { Logger } from 'pino';
import { storageFull, type AppError } from '../errors.ts';
import { metrics } from '../infra/metrics.ts';

/** What clients are told to wait before retrying (seconds). */
export const STORAGE_FULL_RETRY_AFTER_S = 30;

/**
 * Errors that mean "no space left":
 * - SQLite: SQLITE_FULL (the unix VFS reports ENOSPC on the database, WAL or journal this way, and
 *   `max_page_count` too); SQLITE_IOERR_SHMSIZE is the ENOSPC of growing the WAL index (-shm) file.
 * - PostgreSQL: SQLSTATE 53100 disk_full.
 * - Node's ENOSPC (files written through the storage port).
 */
export function isStorageFull(err: unknown): boolean {
  const code = (err as { code?: unknown } | null | undefined)?.code;
  return (
    code === 'SQLITE_FULL' ||
    code === 'SQLITE_IOERR_SHMSIZE' ||
    code === '53100' ||
    code === 'ENOSPC'
  );
}

export class StorageHealth {
  private failedAt: number | null = null;
  private loggedAt: number | null = null;
  private suppressed = 0;

  constructor(
    private readonly opts: { windowMs?: number; logEveryMs?: number; now?: () => number } = {},
  ) {}

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }

  /** A write failed for lack of space. Logs the cause at most once per `logEveryMs` (with how many failures it stood for). */
  failed(err: unknown, log?: Logger): void {
    const now = this.now();
    this.failedAt = now;
    metrics.storageFullErrors.inc();
    if (this.loggedAt === null || now - this.loggedAt >= (this.opts.logEveryMs ?? 60_000)) {
      log?.error(
        { err, failuresSinceLastLog: this.suppressed },
        'storage is full: writes fail until space is freed (answering 503 storage_full)',
      );
      this.loggedAt = now;
      this.suppressed = 0;
    } else {
      this.suppressed++;
    }
  }

  /** A write committed: whatever was full has room again. */
  succeeded(log?: Logger): void {
    if (this.failedAt === null) return;
    this.failedAt = null;
    this.loggedAt = null;
    this.suppressed = 0;
    log?.info('storage accepts writes again');
  }

  /** True while the last write failure for lack of space is recent and no write has committed since. */
  get full(): boolean {
    return this.failedAt !== null && this.now() - this.failedAt < (this.opts.windowMs ?? 60_000);
  }
}

/** For best-effort writes (a session's last-seen time): a full disk must not fail the read they ride on. Rethrows anything else. */
export function unlessStorageFull(err: unknown): void {
  if (!isStorageFull(err)) throw err;
}

const trackers = new WeakMap<object, StorageHealth>();

/** The storage condition of one database (created on first use). */
export function storageHealth(database: object): StorageHealth {
  let t = trackers.get(database);
  if (!t) trackers.set(database, (t = new StorageHealth()));
  return t;
}

/** A write through `database` committed (cheap when storage never was full: no tracker exists). */
export function noteWriteSucceeded(database: object, log?: Logger): void {
  trackers.get(database)?.succeeded(log);
}

/**
 * The error to hand to the client for a failed write: a storage-full failure is noted (logged once
 * per interval) and becomes 503 `storage_full`; anything else is returned unchanged.
 */
export function storageFailure(database: object, err: unknown, log?: Logger): unknown {
  if (!isStorageFull(err)) return err;
  storageHealth(database).failed(err, log);
  return storageFullError();
}

export function storageFullError(): AppError {
  return storageFull(STORAGE_FULL_RETRY_AFTER_S);
}
