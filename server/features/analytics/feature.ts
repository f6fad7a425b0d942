/**
 * Analytics: the `conversation_facts` read model kept at event time by an outbox processor
 * (./processors, ./commands/apply-event.ts; the rules in ./domain/fold.ts), its rebuild from the
 * events (`kefu analytics rebuild`, ./cli.ts) and the report API (./routes). Reports read only the
 * facts. Definitions: docs/METRICS.md.
 */
import type {} from './tables.ts'; // the feature's tables merge into the core's types
import type { Feature } from '../../core/kit/feature.ts';
import { factsProcessor } from './processors/facts.ts';
import { reportRoutes } from './routes/reports.ts';
import { closeReportReaders } from './store/reader.ts';
import * as m150 from './migrations/150-analytics.ts';

export const analyticsFeature: Feature = {
  name: 'analytics',
  migrations: { '150-analytics': m150 },
  routes: [...reportRoutes],
  processors: (ctx) => [factsProcessor(ctx)],
  start: () => closeReportReaders,
};
