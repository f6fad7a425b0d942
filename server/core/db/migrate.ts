import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { helpersFor, type Dialect } from './migrations/helpers.ts';
import * as m001 from './migrations/001-core.ts';
import * as m002 from './migrations/002-core-indexes.ts';
import * as m003 from './migrations/003-core-messages-by-type.ts';
import * as m004 from './migrations/004-core-hot-path-indexes.ts';
import * as m005 from './migrations/005-core-durable-jobs.ts';
import * as m006 from './migrations/006-core-two-factor-token-scopes.ts';

/** One migration: its `up` receives the dialect helpers. */
export type Up = (db: Kysely<any>, h: ReturnType<typeof helpersFor>) => Promise<void>;
export type Migrations = Record<string, { up: Up }>;
/**
 * One ordered set of migrations for both dialects. Append only. Each feature owns a range of names
 * (ai 02x, kb 03x, routing 04x, console 05x, widget 06x), so a feature adds `021-ai-…` after `020-ai`;
 * unordered runs are allowed because ranges interleave in time.
 */
const core: Migrations = {
  '001-core': m001,
  '002-core-indexes': m002,
  '003-core-messages-by-type': m003,
  '004-core-hot-path-indexes': m004,
  '005-core-durable-jobs': m005,
  '006-core-two-factor-token-scopes': m006,
};

class InCodeProvider implements MigrationProvider {
  constructor(
    private dialect: Dialect,
    private all: Migrations,
  ) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    const h = helpersFor(this.dialect);
    return Object.fromEntries(
      Object.entries(this.all).map(([name, m]) => [name, { up: (db: Kysely<any>) => m.up(db, h) }]),
    );
  }
}

/**
 * Applies the core's migrations and the features' (`Feature.migrations`, passed in by the composition
 * root: the core names no feature). Names are global and unique; features keep their ranges.
 */
export async function migrateToLatest(
  db: Kysely<any>,
  dialect: Dialect,
  schema?: string,
  features: Migrations[] = [],
): Promise<string[]> {
  const all: Migrations = { ...core };
  for (const set of features)
    for (const [name, m] of Object.entries(set)) {
      if (all[name]) throw new Error(`migration ${name} is declared twice`);
      all[name] = m;
    }
  const migrator = new Migrator({
    db,
    provider: new InCodeProvider(dialect, all),
    allowUnorderedMigrations: true,
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
