/**
 * PostgreSQL failures that are about load, not about the request: a lock or statement timeout, a
 * transaction left idle too long, a pool that had no connection to give within its timeout, a
 * deadlock or serialization failure. Conflicts are retried (a new transaction usually succeeds);
 * what still fails answers 503 `database_busy` with Retry-After, never a 500 or a hang.
 */
import { AppError } from '../errors.ts';

const RETRYABLE = new Set(['40001', '40P01', '55P03']); // serialization failure, deadlock detected, lock_not_available (lock_timeout)
const BUSY = new Set([...RETRYABLE, '57014', '25P03', '53300', '57P03']); // statement timeout, idle-in-transaction timeout, too many connections, cannot connect now

const codeOf = (err: unknown) =>
  typeof err === 'object' && err && 'code' in err ? String((err as { code: unknown }).code) : '';

/** A transaction that failed this way may succeed if run again. */
export function isRetryableConflict(err: unknown): boolean {
  return RETRYABLE.has(codeOf(err));
}

/** The database could not serve in time (PostgreSQL timeouts, exhausted pool). */
export function isDatabaseBusy(err: unknown): boolean {
  if (BUSY.has(codeOf(err))) return true;
  const message = err instanceof Error ? err.message : '';
  return (
    message === 'timeout exceeded when trying to connect' ||
    message.startsWith('Connection terminated due to connection timeout')
  );
}

export const databaseBusy = (retryAfterSeconds = 1) =>
  new AppError(
    'database_busy',
    503,
    'The database is busy; nothing was changed. Try again shortly.',
    { retryAfterSeconds },
    {
      'retry-after': String(Math.max(1, Math.ceil(retryAfterSeconds))),
    },
  );

/** Maps a load failure to `database_busy`; anything else is returned unchanged. */
export function asDatabaseBusy(err: unknown): unknown {
  return isDatabaseBusy(err) ? databaseBusy() : err;
}
