import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { helpersFor, type Dialect } from './migrations/helpers.ts';
import * as m001 from './migrations/001-core.ts';
import * as m002 from './migrations/002-core-indexes.ts';
import * as m003 from './migrations/003-core-messages-by-type.ts';
import * as m004 from './migrations/004-core-hot-path-indexes.ts';
import * as m005 from './migrations/005-core-durable-jobs.ts';
import * as m020 from '../../features/ai/migrations/020-ai.ts';
import * as m030 from '../../features/kb/migrations/030-kb.ts';
import * as m031 from '../../features/kb/migrations/031-kb-files.ts';
import * as m040 from '../../features/routing/migrations/040-routing.ts';
import * as m041 from '../../features/routing/migrations/041-automation-triggers.ts';
import * as m050 from '../../features/console-api/migrations/050-console.ts';
import * as m051 from '../../features/console-api/migrations/051-console-drop-emotions.ts';
import * as m060 from '../../features/web-widget/migrations/060-widget.ts';
import * as m061 from '../../features/web-widget/migrations/061-widget-conversation-attributes.ts';

type Up = (db: Kysely<any>, h: ReturnType<typeof helpersFor>) => Promise<void>;
/**
 * One ordered set of migrations for both dialects. Append only. Each feature owns a range of names
 * (ai 02x, kb 03x, routing 04x, console 05x, widget 06x), so a feature adds `021-ai-…` after `020-ai`;
 * unordered runs are allowed because ranges interleave in time.
 */
const all: Record<string, { up: Up }> = {
  '001-core': m001,
  '002-core-indexes': m002,
  '003-core-messages-by-type': m003,
  '004-core-hot-path-indexes': m004,
  '005-core-durable-jobs': m005,
  '020-ai': m020,
  '030-kb': m030,
  '031-kb-files': m031,
  '040-routing': m040,
  '041-automation-triggers': m041,
  '050-console': m050,
  '051-console-drop-emotions': m051,
  '060-widget': m060,
  '061-widget-conversation-attributes': m061,
};

class InCodeProvider implements MigrationProvider {
  constructor(private dialect: Dialect) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    const h = helpersFor(this.dialect);
    return Object.fromEntries(Object.entries(all).map(([name, m]) => [name, { up: (db: Kysely<any>) => m.up(db, h) }]));
  }
}

export async function migrateToLatest(db: Kysely<any>, dialect: Dialect, schema?: string): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new InCodeProvider(dialect), allowUnorderedMigrations: true, ...(schema ? { migrationTableSchema: schema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
