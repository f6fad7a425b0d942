/**
 * A read-only SQLite connection to the server's database file for the report's bulk reads: WAL
 * lets it read committed data beside the writer, without queueing behind the group commit, and
 * better-sqlite3's raw mode returns arrays instead of row objects. PostgreSQL and in-memory
 * databases: none (the report then reads through Kysely).
 */
import SQLite from 'better-sqlite3';
import type { Database } from '../../../core/db/client.ts';
import type { SqliteHandle } from './aggregate.ts';

const readers = new Map<string, SQLite.Database>();

export function reportReader(database: Pick<Database, 'sqlite'>): SqliteHandle | null {
  const file = database.sqlite?.name;
  if (!file || file === ':memory:' || database.sqlite?.memory) return null;
  let r = readers.get(file);
  if (!r || !r.open) {
    r = new SQLite(file, { readonly: true, fileMustExist: true });
    readers.set(file, r);
  }
  return r;
}

/** Closes the readers (the feature's stop, at shutdown). */
export function closeReportReaders(): void {
  for (const r of readers.values()) if (r.open) r.close();
  readers.clear();
}
