/**
 * PII redaction (issue 19): masks cards, ID numbers, secrets (and, per setting, phones, emails,
 * IBANs) in customer messages before they are stored, through the core's content-filter registry;
 * keeps an encrypted original when the account wants it (reveal with a record); rewrites stored
 * history in background runs. See README.md.
 */
import type {} from './tables.ts'; // the feature's tables merge into the core's types
import type { Feature } from '../../core/kit/feature.ts';
import { registerContentFilter } from '../../core/kit/content-filter-registry.ts';
import { redactionFilter } from './commands/filter.ts';
import { startDriver } from './commands/drive.ts';
import { settingsRoutes } from './routes/settings.ts';
import { revealRoutes } from './routes/reveal.ts';
import { runRoutes } from './routes/runs.ts';
import * as m160 from './migrations/160-redaction.ts';

export const redactionFeature: Feature = {
  name: 'redaction',
  migrations: { '160-redaction': m160 },
  routes: [...settingsRoutes, ...revealRoutes, ...runRoutes],
  // Registered while the app is built: the filter needs the server secret (encrypted originals).
  http: (_app, services) => {
    registerContentFilter('redaction', redactionFilter(services.secret));
  },
  start: ({ services }) => startDriver(services),
};
