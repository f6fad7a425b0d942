import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PG_URL } from '../../test/test-app.ts';
import { openDatabase, type Database } from './client.ts';
import { migrateToLatest } from './migrate.ts';
import { prepared } from './prepared.ts';

const labelsOf = prepared((db, p: { accountId: string; color: string }) =>
  db
    .selectFrom('labels')
    .select(['id', 'name'])
    .where('account_id', '=', p.accountId)
    .where('color', '=', p.color)
    .where('name', '!=', 'hidden')
    .orderBy('name'),
);
const insertLabel = prepared(
  (db, p: { id: string; accountId: string; name: string; color: string }) =>
    db
      .insertInto('labels')
      .values({ id: p.id, account_id: p.accountId, name: p.name, color: p.color, created_at: 1 })
      .onConflict((oc) => oc.column('id').doNothing()),
);
const recolor = prepared((db, p: { accountId: string; from: string; to: string }) =>
  db
    .updateTable('labels')
    .set({ color: p.to })
    .where('account_id', '=', p.accountId)
    .where('color', '=', p.from),
);

describe.each([['sqlite'], ...(PG_URL ? [['postgres']] : [])])('prepared queries (%s)', (kind) => {
  let dir: string;
  let database: Database;
  const schema = `t_prep_${Date.now()}`;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kefu-prep-'));
    if (kind === 'postgres') {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`create schema "${schema}"`);
      await c.end();
      database = openDatabase({ kind: 'postgres', url: PG_URL!, schema });
      await migrateToLatest(database.db, 'postgres', schema);
    } else {
      database = openDatabase({ kind: 'sqlite', file: join(dir, 'db.sqlite') });
      await migrateToLatest(database.db, 'sqlite');
    }
  });
  afterAll(async () => {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
    if (kind === 'postgres') {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`drop schema "${schema}" cascade`);
      await c.end();
    }
  });

  it('fills inputs by name on every call, keeps constants, and matches the ordinary query', async () => {
    expect(
      await insertLabel.run(database.db, { id: 'l1', accountId: 'a', name: 'vip', color: '#f00' }),
    ).toBe(1);
    expect(
      await insertLabel.run(database.db, {
        id: 'l2',
        accountId: 'a',
        name: 'hidden',
        color: '#f00',
      }),
    ).toBe(1);
    expect(
      await insertLabel.run(database.db, {
        id: 'l3',
        accountId: 'b',
        name: 'other',
        color: '#f00',
      }),
    ).toBe(1);
    expect(
      await insertLabel.run(database.db, { id: 'l1', accountId: 'a', name: 'dup', color: '#f00' }),
    ).toBe(0); // on conflict do nothing
    expect(await labelsOf.all(database.db, { accountId: 'a', color: '#f00' })).toEqual([
      { id: 'l1', name: 'vip' },
    ]);
    expect(await labelsOf.first(database.db, { accountId: 'b', color: '#f00' })).toEqual({
      id: 'l3',
      name: 'other',
    });
    expect(await labelsOf.first(database.db, { accountId: 'c', color: '#f00' })).toBeUndefined();
    const plain = await database.db
      .selectFrom('labels')
      .select(['id', 'name'])
      .where('account_id', '=', 'a')
      .where('color', '=', '#f00')
      .where('name', '!=', 'hidden')
      .orderBy('name')
      .execute();
    expect(await labelsOf.all(database.db, { accountId: 'a', color: '#f00' })).toEqual(plain);
  });

  it('runs inside a transaction and reports changed rows', async () => {
    await database.db.transaction().execute(async (tx) => {
      expect(await recolor.run(tx, { accountId: 'a', from: '#f00', to: '#0f0' })).toBe(2);
    });
    expect(
      (await labelsOf.all(database.db, { accountId: 'a', color: '#0f0' })).map((r) => r.id),
    ).toEqual(['l1']);
  });

  it('rejects a builder that does not pass an input straight through as a value', async () => {
    const bad = prepared((db, p: { name: string }) =>
      db.selectFrom('labels').select('id').where('name', '=', p.name.toUpperCase()),
    );
    await expect(bad.all(database.db, { name: 'x' })).rejects.toThrow(
      /input "name" is not a plain parameter/,
    );
  });
});
