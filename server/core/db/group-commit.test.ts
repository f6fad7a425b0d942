import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from './client.ts';
import { GroupCommit } from './group-commit.ts';
import { tempSqlite, type TempSqlite } from '../../test/temp-sqlite.ts';

describe('group commit (SQLite)', () => {
  let temp: TempSqlite;
  let database: Database;
  beforeEach(async () => {
    temp = await tempSqlite();
    database = temp.database;
  });
  afterEach(() => temp.remove());

  const insertLabel = (name: string, fail = false) =>
    database.groupCommit!.run(async (tx) => {
      await tx
        .insertInto('labels')
        .values({ id: name, account_id: 'a', name, color: '#000', created_at: 1 })
        .execute();
      if (fail) throw new Error(`boom ${name}`);
      return name;
    });

  it('commits concurrent commands together; a failing one rolls back only its own writes', async () => {
    // Without the 10 ms batch budget (a loaded machine could split these four into several batches;
    // the split is tested below): the four share one transaction.
    const gc = new GroupCommit(database.db, {
      maxBatchMs: Number.POSITIVE_INFINITY,
      inTransaction: () => database.sqlite!.inTransaction,
    });
    const insert = (name: string, fail = false) =>
      gc.run(async (tx) => {
        await tx
          .insertInto('labels')
          .values({ id: name, account_id: 'a', name, color: '#000', created_at: 1 })
          .execute();
        if (fail) throw new Error(`boom ${name}`);
        return name;
      });
    const results = await Promise.allSettled([
      insert('a1'),
      insert('a2', true),
      insert('a3'),
      insert('a4'),
    ]);
    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
    ]);
    expect((results[1] as PromiseRejectedResult).reason.message).toBe('boom a2');
    const names = (
      await database.db.selectFrom('labels').select('name').orderBy('name').execute()
    ).map((r) => r.name);
    expect(names).toEqual(['a1', 'a3', 'a4']);
    expect(gc.stats).toMatchObject({ batches: 1, largest: 4 });
  });

  it('a lone failing command rolls back and later commands still run', async () => {
    await expect(insertLabel('b1', true)).rejects.toThrow('boom b1');
    await expect(insertLabel('b2')).resolves.toBe('b2');
    const names = (await database.db.selectFrom('labels').select('name').execute()).map(
      (r) => r.name,
    );
    expect(names).toEqual(['b2']);
  });

  it('settles only after COMMIT: a unique violation inside the batch fails just that command', async () => {
    await insertLabel('c1');
    const results = await Promise.allSettled([
      insertLabel('c2'),
      insertLabel('c1'),
      insertLabel('c3'),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const count = await database.db
      .selectFrom('labels')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(3);
  });

  it('a foreground command does not wait behind a backlog of background work, and the backlog still drains', async () => {
    const busy = (ms: number) => {
      const end = performance.now() + ms;
      while (performance.now() < end) {
        /* a processor's CPU work */
      }
    };
    let backgroundDone = 0;
    const background = Array.from({ length: 60 }, (_, i) =>
      database
        .groupCommit!.run(async (tx) => {
          busy(2);
          await tx
            .insertInto('labels')
            .values({ id: `bg${i}`, account_id: 'a', name: `bg${i}`, color: '#000', created_at: 1 })
            .execute();
          return i;
        }, 'background')
        .then(() => {
          backgroundDone++;
        }),
    );
    const foreground = database.groupCommit!.run(async (tx) => {
      await tx
        .insertInto('labels')
        .values({ id: 'fg', account_id: 'a', name: 'fg', color: '#000', created_at: 1 })
        .execute();
    });
    // 60 × 2 ms of background work were queued first; the foreground command commits after a few of them
    await foreground;
    expect(backgroundDone).toBeLessThan(10);
    await Promise.all(background);
    expect(backgroundDone).toBe(60);
    const count = await database.db
      .selectFrom('labels')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('name', 'like', 'bg%')
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(60);
  });

  it('splits a long batch so the event loop is not held: every command still commits once, in order', async () => {
    const busy = (ms: number) => {
      const end = performance.now() + ms;
      while (performance.now() < end) {
        /* CPU work */
      }
    };
    const before = database.groupCommit!.stats.batches;
    const done: number[] = [];
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        database
          .groupCommit!.run(async (tx) => {
            busy(3);
            await tx
              .insertInto('labels')
              .values({
                id: `long${i}`,
                account_id: 'a',
                name: `long${i}`,
                color: '#000',
                created_at: 1,
              })
              .execute();
          })
          .then(() => {
            done.push(i);
          }),
      ),
    );
    expect(done).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(database.groupCommit!.stats.batches - before).toBeGreaterThanOrEqual(4); // 20 × 3 ms in batches of about 10 ms
    const count = await database.db
      .selectFrom('labels')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('name', 'like', 'long%')
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(20);
  });
});
