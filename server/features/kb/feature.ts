/**
 * Knowledge base feature: articles, categories, imports, public help center, widget search, gap loop.
 * Pure rules live in ./domain; commands in ./commands; reads in ./store; HTTP in ./routes (and the
 * feature-specific ./io, ./gaps, ./help).
 */
import type {} from './events.ts'; // the feature's events and tables merge into the core's types
import type {} from './tables.ts';
import type { Kysely } from 'kysely';
import type { DB } from '../../core/db/types.ts';
import type { Feature } from '../../core/kit/feature.ts';
import { setKnowledgeSource } from '../../core/kit/knowledge-registry.ts';
import { gapLoopProcessor, helpCacheProcessor } from './processors.ts';
import { gapRoutes } from './gaps/routes.ts';
import { helpCenterHttp } from './help/http.ts';
import { ioRoutes } from './io/routes.ts';
import { articleRoutes } from './routes/articles.ts';
import { versionRoutes } from './routes/versions.ts';
import { searchRoutes } from './routes/search.ts';
import { categoryRoutes } from './routes/categories.ts';
import { seedDemoKb } from './demo.ts';
import { fileRoutes, serveKbFiles } from './routes/files.ts';
import { createKnowledgeSource } from './store/source.ts';
import { widgetKbRoutes } from './routes/widget-search.ts';
import * as m030 from './migrations/030-kb.ts';
import * as m031 from './migrations/031-kb-files.ts';

let database: Kysely<DB> | null = null;
let publicUrl: string | undefined;
setKnowledgeSource(
  createKnowledgeSource(
    () => database,
    () => publicUrl,
  ),
);

export const kbFeature: Feature = {
  name: 'kb',
  migrations: { '030-kb': m030, '031-kb-files': m031 },
  routes: [
    ...articleRoutes,
    ...versionRoutes,
    ...searchRoutes,
    ...categoryRoutes,
    ...ioRoutes,
    ...widgetKbRoutes,
    ...gapRoutes,
    ...fileRoutes,
  ],
  async http(app, services) {
    database = services.database.db;
    publicUrl = services.config.PUBLIC_URL?.replace(/\/$/, '');
    await helpCenterHttp(app, services);
    serveKbFiles(app, services);
  },
  seedDemo: seedDemoKb,
  processors: (ctx) => [helpCacheProcessor(), gapLoopProcessor(ctx)],
};
