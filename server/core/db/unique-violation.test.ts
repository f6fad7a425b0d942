import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { isUniqueViolation } from './unique-violation.ts';

const key = {
  name: 'messages_idempotency',
  table: 'messages',
  columns: ['account_id', 'idempotency_key'],
};

function sqliteError(sql: string): unknown {
  const db = new SQLite(':memory:');
  db.exec(
    'create table messages (id text primary key, account_id text, idempotency_key text, seq integer, constraint messages_idempotency unique (account_id, idempotency_key), constraint messages_seq unique (seq))',
  );
  db.exec("insert into messages values ('m1', 'a', 'k', 1)");
  try {
    db.exec(sql);
    return null;
  } catch (err) {
    return err;
  } finally {
    db.close();
  }
}

describe('isUniqueViolation', () => {
  it('recognises the named key on SQLite by its columns, and no other key', () => {
    expect(
      isUniqueViolation(sqliteError("insert into messages values ('m2', 'a', 'k', 2)"), key),
    ).toBe(true);
    expect(
      isUniqueViolation(sqliteError("insert into messages values ('m2', 'a', 'other', 1)"), key),
    ).toBe(false);
    expect(
      isUniqueViolation(sqliteError("insert into messages values ('m1', 'a', 'other', 3)"), key),
    ).toBe(false);
  });

  it('recognises the named key on PostgreSQL by the constraint name', () => {
    expect(isUniqueViolation({ code: '23505', constraint: 'messages_idempotency' }, key)).toBe(
      true,
    );
    expect(isUniqueViolation({ code: '23505', constraint: 'account_counters_pk' }, key)).toBe(
      false,
    );
    expect(isUniqueViolation({ code: '40P01' }, key)).toBe(false);
    expect(isUniqueViolation(new Error('boom'), key)).toBe(false);
  });
});
