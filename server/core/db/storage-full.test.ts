import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Logger } from 'pino';
import type { Database } from './client.ts';
import { GroupCommit } from './group-commit.ts';
import { isStorageFull, StorageHealth } from './storage-full.ts';
import { tempSqlite, type TempSqlite } from '../../test/temp-sqlite.ts';

// A full disk without filling one: max_page_count caps this connection's database at its current
// size, so any write that needs a new page fails with SQLITE_FULL, exactly like ENOSPC does.
describe('disk full in the group commit (SQLite)', () => {
  let temp: TempSqlite;
  let database: Database;
  beforeEach(async () => {
    temp = await tempSqlite();
    database = temp.database;
  });
  afterEach(() => temp.remove());

  const fill = () => {
    const s = database.sqlite!;
    s.pragma(`max_page_count = ${s.pragma('page_count', { simple: true }) as number}`);
  };
  const free = () => {
    database.sqlite!.pragma('max_page_count = 1073741823');
  };
  /** Inserts a label; a big one needs overflow pages, i.e. new pages. */
  const label = (id: string, big = false) =>
    database.groupCommit!.run(async (tx) => {
      await tx
        .insertInto('labels')
        .values({
          id,
          account_id: 'a',
          name: big ? id + 'x'.repeat(64_000) : id,
          color: '#000',
          created_at: 1,
        })
        .execute();
      return id;
    });
  const names = async () =>
    (await database.db.selectFrom('labels').select('id').orderBy('id').execute()).map((r) => r.id);

  it('a lone command fails with SQLITE_FULL itself, not "cannot rollback - no transaction is active", and works again once there is room', async () => {
    await label('kept');
    fill();
    const err = await label('lone', true).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'SQLITE_FULL' });
    expect(String((err as Error).message)).not.toMatch(/rollback|no such savepoint/);
    expect(database.sqlite!.inTransaction).toBe(false);
    expect(await names()).toEqual(['kept']);
    free();
    await expect(label('lone', true)).resolves.toBe('lone');
    expect(await names()).toEqual(['kept', 'lone']);
  });

  it('SQLITE_FULL in a batch: SQLite rolled the whole transaction back, so every command of the batch fails with the real cause and none is half stored', async () => {
    // The product's group commit, without its 10 ms batch budget: on a loaded machine that budget may
    // split the three commands into two transactions, and this test is about one shared transaction.
    const gc = new GroupCommit(database.db, {
      maxBatchMs: Number.POSITIVE_INFINITY,
      inTransaction: () => database.sqlite!.inTransaction,
    });
    const label = (id: string, big = false) =>
      gc.run(async (tx) => {
        await tx
          .insertInto('labels')
          .values({
            id,
            account_id: 'a',
            name: big ? id + 'x'.repeat(64_000) : id,
            color: '#000',
            created_at: 1,
          })
          .execute();
        return id;
      });
    await label('kept');
    fill();
    // queued together: one transaction, a savepoint each; 'before' is released when 'full' fails
    const results = await Promise.allSettled([
      label('before'),
      label('full', true),
      label('after'),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    for (const r of results)
      expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'SQLITE_FULL' });
    expect(await names()).toEqual(['kept']);
    // the group commit goes on: small writes fit, and once there is room everything does
    await expect(label('small')).resolves.toBe('small');
    free();
    const again = await Promise.allSettled([label('before'), label('full', true), label('after')]);
    expect(again.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
    expect(gc.stats.largest).toBeGreaterThanOrEqual(3); // they did share a transaction
    expect(await names()).toEqual(['after', 'before', 'full', 'kept', 'small']);
  });
});

describe('StorageHealth', () => {
  const logger = () => {
    const lines: Array<{ level: string; obj: unknown; msg?: string }> = [];
    const log = {
      error: (obj: unknown, msg?: string) => {
        lines.push({ level: 'error', obj, msg });
      },
      info: (obj: unknown, msg?: string) => {
        lines.push({ level: 'info', obj, msg });
      },
    } as unknown as Logger;
    return { log, lines };
  };

  it('recognises disk full from SQLite, PostgreSQL and the file system, nothing else', () => {
    for (const code of ['SQLITE_FULL', 'SQLITE_IOERR_SHMSIZE', '53100', 'ENOSPC'])
      expect(isStorageFull(Object.assign(new Error('x'), { code })), code).toBe(true);
    for (const code of ['SQLITE_BUSY', 'SQLITE_CONSTRAINT_UNIQUE', '23505', 'ENOENT', undefined])
      expect(isStorageFull(Object.assign(new Error('x'), { code })), String(code)).toBe(false);
    expect(isStorageFull(null)).toBe(false);
  });

  it('logs the cause once per interval however many writes fail, is full until a write succeeds or the window passes', () => {
    let now = 1_000_000;
    const { log, lines } = logger();
    const h = new StorageHealth({ windowMs: 30_000, logEveryMs: 60_000, now: () => now });
    expect(h.full).toBe(false);
    const cause = Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    for (let i = 0; i < 50; i++) {
      h.failed(cause, log);
      now += 100;
    }
    expect(h.full).toBe(true);
    expect(lines.filter((l) => l.level === 'error')).toHaveLength(1);
    expect(lines[0].obj).toMatchObject({ err: cause });
    now += 60_000;
    h.failed(cause, log);
    expect(lines.filter((l) => l.level === 'error')).toHaveLength(2);
    expect(lines[1].obj).toMatchObject({ failuresSinceLastLog: 49 });
    h.succeeded(log);
    expect(h.full).toBe(false);
    expect(lines.at(-1)).toMatchObject({ level: 'info' });
    h.failed(cause, log); // a new episode is logged at once
    expect(lines.filter((l) => l.level === 'error')).toHaveLength(3);
    now += 30_000;
    expect(h.full).toBe(false); // no failure for a whole window
  });
});
