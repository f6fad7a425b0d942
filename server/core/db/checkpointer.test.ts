import { statSync } from 'node:fs';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from './client.ts';
import { tempSqlite, type TempSqlite } from '../../test/temp-sqlite.ts';

const temps: TempSqlite[] = [];
afterEach(async () => { for (const t of temps.splice(0)) await t.remove(); });

async function open(restartFrames: number) {
  const temp = await tempSqlite({ migrate: false, checkpoint: { intervalMs: 10, restartFrames, catchUpFrames: 64 } });
  temps.push(temp);
  return { database: temp.database, wal: () => { try { return statSync(`${temp.file}-wal`).size; } catch { return 0; } } };
}

/** Commits read-then-write transactions back to back for `ms`; returns the largest WAL size seen and any errors. */
async function writeSteadily(database: Database, wal: () => number, ms: number) {
  await sql`create table t (id integer primary key, v text not null)`.execute(database.db);
  const row = 'x'.repeat(1000);
  const errors: string[] = [];
  let maxWal = 0;
  let commits = 0;
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      await database.groupCommit!.run(async (tx) => { // the product's write path: resets happen between its batches
        await sql`select count(*) from t where id > 0`.execute(tx); // read first: a deferred transaction could not wait for the lock here
        for (let i = 0; i < 20; i++) await sql`insert into t (v) values (${row})`.execute(tx);
      });
      commits++;
    } catch (e) { errors.push(String(e)); }
    maxWal = Math.max(maxWal, wal());
    await new Promise((r) => setImmediate(r));
  }
  return { maxWal, errors, commits };
}

describe('WAL checkpointer', () => {
  it('keeps the WAL bounded under writes that never pause, without failing a single transaction', async () => {
    const { database, wal } = await open(400);
    const r = await writeSteadily(database, wal, 1500);
    expect(r.errors).toEqual([]);
    expect(r.commits).toBeGreaterThan(200);
    expect(database.checkpointer!.stats.resets).toBeGreaterThan(0);
    // 20 KB per commit: hundreds of commits would be several MB of WAL without resets.
    expect(r.maxWal * 3).toBeLessThan(r.commits * 20_000); // far less WAL than was written
  });

  it('without the restart (threshold never reached) the same load grows the WAL with what was written', async () => {
    const { database, wal } = await open(1_000_000);
    const r = await writeSteadily(database, wal, 1500);
    expect(r.maxWal).toBeGreaterThan(r.commits * 20_000 * 0.5);
    expect(r.errors).toEqual([]);
    expect(database.checkpointer!.stats.checkpoints).toBeGreaterThan(0);
    expect(database.checkpointer!.stats.resets).toBe(0);
  });
});
