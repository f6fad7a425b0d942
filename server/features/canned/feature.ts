/**
 * Canned responses: short-coded replies agents insert with "/", one text per language, rendered for
 * a conversation in the customer's language with its `{{variables}}` filled; what cannot be filled is
 * shown to the agent, never sent (see README.md).
 */
import type {} from './tables.ts'; // the feature's column merges into the core's types
import type { Feature } from '../../core/kit/feature.ts';
import { setCannedRenderer } from '../../core/kit/canned-registry.ts';
import * as m090 from './migrations/090-canned-texts.ts';
import { cannedRoutes } from './routes/canned.ts';
import { seedCannedDemo } from './seed.ts';
import { renderFor } from './store/render.ts';

// automation (routing's send_canned) renders through the kit
setCannedRenderer((db, input) => renderFor(db, input));

export const cannedFeature: Feature = {
  name: 'canned',
  migrations: { '090-canned-texts': m090 },
  routes: cannedRoutes,
  seedDemo: seedCannedDemo,
};
