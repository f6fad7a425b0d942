/**
 * Routing feature: the live queue with capacity limits, business hours, SLA timers, supervisor
 * alerts and automation rules. Pure rules live in ./domain; commands in ./commands; HTTP in ./routes.
 */
import type {} from './events.ts'; // the feature's events and tables merge into the core's types
import type {} from './tables.ts';
import type { Feature } from '../../core/kit/feature.ts';
import { alertProcessor, queueProcessor, rulesProcessor, slaProcessor } from './processors.ts';
import { automationRoutes } from './routes/automation.ts';
import { alertRoutes } from './routes/alerts.ts';
import { slaRoutes } from './routes/sla.ts';
import { queueRoutes } from './routes/queue.ts';
import { queuePositionRoutes } from './routes/queue-position.ts';
import { settingsRoutes } from './routes/settings.ts';
import { proactiveRoutes } from './routes/proactive.ts';
import { seedRoutingDemo } from './seed.ts';
import { startTicker } from './ticker.ts';
import { assignGuards } from '../../core/commands/assign-conversation.ts';
import { addAvailabilityRule } from '../../core/kit/availability-registry.ts';
import { outOfHours } from './availability.ts';
import { setBusinessHoursSource } from '../../core/kit/business-hours-registry.ts';
import { settingsFor } from './store/settings.ts';
import { capacityGuard } from './commands/capacity.ts';
import * as m040 from './migrations/040-routing.ts';
import * as m041 from './migrations/041-automation-triggers.ts';

if (!assignGuards.includes(capacityGuard)) assignGuards.push(capacityGuard); // manual assignment respects capacity
addAvailabilityRule(outOfHours); // inboxes are closed outside business hours
// Business time for others (analytics): the inbox's schedule as routing resolves it.
setBusinessHoursSource(
  async (db, accountId, inboxId) =>
    (await settingsFor(db, accountId, { inboxId })).businessHours ?? null,
);

export const routingFeature: Feature = {
  name: 'routing',
  migrations: { '040-routing': m040, '041-automation-triggers': m041 },
  routes: [
    ...queueRoutes,
    ...queuePositionRoutes,
    ...settingsRoutes,
    ...slaRoutes,
    ...alertRoutes,
    ...automationRoutes,
    ...proactiveRoutes,
  ],
  processors: (ctx) => [
    slaProcessor(ctx),
    alertProcessor(ctx),
    queueProcessor(ctx),
    rulesProcessor(ctx),
  ],
  start: (ctx) => startTicker(ctx),
  seedDemo: seedRoutingDemo,
};
