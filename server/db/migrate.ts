import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { helpersFor, type Dialect } from './migrations/helpers.ts';
import * as m001 from './migrations/001-core.ts';

type Up = (db: Kysely<any>, h: ReturnType<typeof helpersFor>) => Promise<void>;
/** One ordered set of migrations for both dialects. Append only. */
const all: Record<string, { up: Up }> = {
  '001-core': m001,
};

class InCodeProvider implements MigrationProvider {
  constructor(private dialect: Dialect) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    const h = helpersFor(this.dialect);
    return Object.fromEntries(Object.entries(all).map(([name, m]) => [name, { up: (db: Kysely<any>) => m.up(db, h) }]));
  }
}

export async function migrateToLatest(db: Kysely<any>, dialect: Dialect, schema?: string): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new InCodeProvider(dialect), ...(schema ? { migrationTableSchema: schema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
