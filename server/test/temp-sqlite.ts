/** A migrated SQLite database in a fresh temp directory, for tests of the database layer. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Database, type DatabaseOptions } from '../core/db/client.ts';
import { migrateToLatest } from '../core/db/migrate.ts';
import { features } from '../features.ts';

export interface TempSqlite {
  database: Database;
  file: string;
  remove(): Promise<void>;
}

export async function tempSqlite(
  opts: Omit<DatabaseOptions, 'kind' | 'file'> & { migrate?: boolean } = {},
): Promise<TempSqlite> {
  const dir = mkdtempSync(join(tmpdir(), 'kefu-db-'));
  const file = join(dir, 'k.db');
  const database = openDatabase({ ...opts, kind: 'sqlite', file });
  if (opts.migrate !== false)
    await migrateToLatest(
      database.db,
      'sqlite',
      undefined,
      features.map((f) => f.migrations ?? {}),
    );
  return {
    database,
    file,
    remove: async () => {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
