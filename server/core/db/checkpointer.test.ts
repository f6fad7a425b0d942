import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from './client.ts';
import { tempSqlite, type TempSqlite } from '../../test/temp-sqlite.ts';

// Behaviour only: how large the WAL gets in a given time of writing depends on how fast this machine
// runs the writer and the checkpoint thread, so it is a benchmark (bench/units.bench.ts, `wal_max_bytes`
// against the same load without the reset, same run), not a test.

const temps: TempSqlite[] = [];
afterEach(async () => {
  for (const t of temps.splice(0)) await t.remove();
});

const ROW = 'x'.repeat(1000);
const BOUND_MS = 120_000; // only turns a hang into a failure; the tests wait for events, not for time

async function open(restartFrames: number) {
  const temp = await tempSqlite({
    migrate: false,
    checkpoint: { intervalMs: 10, restartFrames, catchUpFrames: 64 },
  });
  temps.push(temp);
  const walFile = `${temp.file}-wal`;
  return {
    database: temp.database,
    wal: () => {
      try {
        return statSync(walFile).size;
      } catch {
        return 0;
      }
    },
    /** WAL header salt-1 (bytes 16–19): SQLite changes it each time it starts the WAL over from the beginning. */
    salt: () => {
      try {
        const fd = openSync(walFile, 'r');
        try {
          const b = Buffer.alloc(32);
          return readSync(fd, b, 0, 32, 0) === 32 ? b.readUInt32BE(16) : null;
        } finally {
          closeSync(fd);
        }
      } catch {
        return null;
      }
    },
  };
}

/**
 * Commits read-then-write transactions back to back (never pausing for the checkpointer: only a
 * setImmediate between commits) until `enough()` holds. Returns the largest WAL file seen, the WAL
 * restarts observed (salt changes), the pages committed and any errors.
 */
async function writeUntil(
  database: Database,
  probe: { wal: () => number; salt: () => number | null },
  enough: (s: { commits: number; restarts: number }) => boolean,
) {
  await sql`create table t (id integer primary key, v text not null)`.execute(database.db);
  const errors: string[] = [];
  let maxWal = 0,
    commits = 0,
    restarts = 0;
  let salt = probe.salt();
  const end = Date.now() + BOUND_MS;
  while (!enough({ commits, restarts })) {
    if (Date.now() > end)
      throw new Error(
        `bound reached: ${JSON.stringify({ commits, restarts, maxWal, stats: database.checkpointer!.stats })}`,
      );
    try {
      await database.groupCommit!.run(async (tx) => {
        // the product's write path: resets happen between its batches
        await sql`select count(*) from t where id > 0`.execute(tx); // read first: a deferred transaction could not wait for the lock here
        for (let i = 0; i < 20; i++) await sql`insert into t (v) values (${ROW})`.execute(tx);
      });
      commits++;
    } catch (e) {
      errors.push(String(e));
    }
    maxWal = Math.max(maxWal, probe.wal());
    const s = probe.salt();
    if (s !== null && salt !== null && s !== salt) restarts++;
    if (s !== null) salt = s;
    await new Promise((r) => setImmediate(r));
  }
  return { maxWal, errors, commits, restarts };
}

describe('WAL checkpointer', () => {
  it(
    'starts the WAL over under writes that never pause, without failing a single transaction',
    async () => {
      const restartFrames = 400;
      const { database, wal, salt } = await open(restartFrames);
      // Until the checkpointer completed three resets and SQLite started the WAL over at least twice
      // (however long that takes on this machine).
      const r = await writeUntil(
        database,
        { wal, salt },
        ({ restarts }) => database.checkpointer!.stats.resets >= 3 && restarts >= 2,
      );
      expect(r.errors).toEqual([]);
      // Every completed reset let the next write transaction start the WAL over from the beginning
      // (the last one may not have had a transaction after it yet); PASSIVE alone may add restarts of
      // its own when it happens to catch up between two commits.
      expect(r.restarts).toBeGreaterThanOrEqual(database.checkpointer!.stats.resets - 1);
      expect(database.checkpointer!.stats.errors).toBe(0);
    },
    BOUND_MS + 30_000,
  );

  it(
    'without the reset (threshold never reached) it only runs passive checkpoints',
    async () => {
      const { database, wal, salt } = await open(1_000_000);
      const r = await writeUntil(
        database,
        { wal, salt },
        ({ commits }) => commits >= 50 && database.checkpointer!.stats.checkpoints >= 3,
      );
      expect(r.errors).toEqual([]);
      expect(database.checkpointer!.stats.resets).toBe(0);
      expect(database.checkpointer!.stats.errors).toBe(0);
    },
    BOUND_MS + 30_000,
  );
});
