/**
 * Audit feature: an append-only log of security-relevant and admin requests (sign-ins and their
 * failures, role changes, tokens, settings, rule edits, deletions, exports) with actor, IP and time,
 * recorded at the HTTP layer (recorder.ts); read and exported by owners and admins (routes/).
 */
import type {} from './tables.ts'; // the feature's table merges into the core's types
import type { Feature } from '../../core/kit/feature.ts';
import { installRecorder } from './recorder.ts';
import { auditRoutes } from './routes/audit-log.ts';
import * as m070 from './migrations/070-audit.ts';

export const auditFeature: Feature = {
  name: 'audit',
  migrations: { '070-audit': m070 },
  routes: auditRoutes,
  http: (app, services) => installRecorder(app, services),
};
