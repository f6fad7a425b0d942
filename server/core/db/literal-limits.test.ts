import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './client.ts';
import { migrateToLatest } from './migrate.ts';
import { prepared } from './prepared.ts';

const database = openDatabase({ kind: 'sqlite' });
afterAll(() => database.close());

describe('LiteralLimitsPlugin (SQLite)', () => {
  it('writes integer limits into the SQL and keeps every other value bound', () => {
    const q = database.db
      .selectFrom('messages')
      .select('id')
      .where('conversation_id', '=', 'c1')
      .limit(25)
      .offset(50)
      .compile();
    expect(q.sql).toMatch(/limit 25 offset \?$/);
    expect(q.parameters).toEqual(['c1', 50]);
  });

  it('leaves non-integer or odd limits as parameters', () => {
    expect(database.db.selectFrom('messages').select('id').limit(2.5).compile().sql).toMatch(
      /limit \?$/,
    );
    expect(database.db.selectFrom('messages').select('id').limit(-1).compile().sql).toMatch(
      /limit \?$/,
    );
  });

  it('prepared queries and subqueries get literal limits too, and run', async () => {
    await migrateToLatest(database.db, 'sqlite');
    const q = prepared((db, p: { c: string }) =>
      db
        .selectFrom('messages')
        .select('id')
        .where('conversation_id', '=', p.c)
        .orderBy('seq', 'desc')
        .limit(1),
    );
    expect(await q.all(database.db, { c: 'none' })).toEqual([]);
    const sub = database.db
      .updateTable('conversations')
      .set({ updated_at: 1 })
      .where('id', '=', (eb) => eb.selectFrom('conversations as c').select('c.id').limit(1))
      .compile();
    expect(sub.sql).toContain('limit 1)');
  });
});
