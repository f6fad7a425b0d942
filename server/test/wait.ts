import type { Kysely } from 'kysely';
import type { DB } from '../core/db/types.ts';

/**
 * Test-only waiting helpers: tests wait for an explicit condition (with a generous bound that only
 * turns a hang into a readable failure), never for a fixed time that a loaded machine may not honour.
 */

/** Polls `probe` until `done(value)` holds; returns that value. Throws after `timeoutMs` with the last value. */
export async function until<T>(
  probe: () => T | Promise<T>,
  done: (v: T) => boolean = Boolean,
  { timeoutMs = 30_000, pollMs = 10, what = 'condition' } = {},
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (done(v)) return v;
    if (Date.now() > end)
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}; last value ${JSON.stringify(v)}`,
      );
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/** Runs `assertion` until it stops throwing; returns its value. After `timeoutMs` the last failure is thrown. */
export async function passes<T>(
  assertion: () => T | Promise<T>,
  { timeoutMs = 60_000, pollMs = 50 } = {},
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await assertion();
    } catch (err) {
      if (Date.now() > end) throw err;
      await new Promise((r) => setTimeout(r, pollMs));
    }
  }
}

/** A gate the test opens: `await l.gate` holds until `l.release()`. */
export function latch(): { gate: Promise<void>; release: () => void } {
  let release!: () => void;
  const gate = new Promise<void>((r) => {
    release = r;
  });
  return { gate, release };
}

/** Waits until every committed event of the account has been dispatched (all processors done or dead-lettered). */
export function backgroundSettled(
  db: Kysely<DB>,
  accountId: string,
  timeoutMs = 60_000,
): Promise<unknown> {
  return until(
    async () =>
      Number(
        (
          await db
            .selectFrom('events')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('account_id', '=', accountId)
            .where('dispatched_at', 'is', null)
            .executeTakeFirst()
        )?.n ?? 0,
      ),
    (n) => n === 0,
    { timeoutMs, pollMs: 50, what: 'all events dispatched' },
  );
}
