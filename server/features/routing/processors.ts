/** Event processors of the routing feature: queue upkeep + visitor queue positions. */
import { execute, type CommandContext } from '../../core/commands/context.ts';
import type { DomainEvent, EventType } from '../../core/events/catalog.ts';
import type { Processor } from '../../core/events/dispatcher.ts';
import type { FeatureContext } from '../../core/kit/feature.ts';
import { systemActor } from '../../core/policies/actor.ts';
import { rooms } from '../../core/realtime/gateway.ts';
import type { Services } from '../../core/services.ts';
import type { Gateway } from '../../core/realtime/gateway.ts';
import { queueStatuses } from './commands/queue.ts';
import { routeEvent, ROUTING_TRIGGERS } from './commands/route-event.ts';
import { slaOnEvent, SLA_TRIGGERS } from './commands/sla.ts';
import { alertsOnEvent, alertsRelevant, ALERT_TRIGGERS } from './commands/alerts.ts';
import { runRules, RULE_TRIGGERS } from './rules/engine.ts';

/** Routing, SLA, alerts and rules see each event in commit order, one lane apart from the realtime broadcast. */
const ROUTING_LANE = 'routing';
/** Conversations routed side by side (each conversation's events stay in order): see core/events/lanes.ts. */
const ROUTING_PARTITIONS = 8;

export function queueProcessor({ services, gateway }: FeatureContext): Processor {
  return {
    name: 'routing-queue',
    mode: 'inline',
    lane: ROUTING_LANE,
    partitions: ROUTING_PARTITIONS,
    handles: ROUTING_TRIGGERS,
    async handle(event: DomainEvent) {
      const r = await execute(services, systemActor(event.accountId, 'routing'), routeEvent, event);
      if (r.queueChanged) await publishQueue(services, gateway, event.accountId, r.touchedContacts);
    },
  };
}

/** Sends `queue` (QueueStatus) to every queued visitor, and position null to touched ones that left the queue. */
export async function publishQueue(
  services: Services,
  gateway: Gateway,
  accountId: string,
  touched: string[] = [],
): Promise<void> {
  const statuses = await queueStatuses(services.database.db, accountId, services.clock.now());
  const queued = new Set<string>();
  for (const s of statuses) {
    queued.add(s.contactId);
    gateway.visitors.to(rooms.contact(s.contactId)).emit('queue', s.status);
  }
  for (const contactId of touched) {
    if (queued.has(contactId)) continue;
    const c = await services.database.db
      .selectFrom('conversations')
      .select('id')
      .where('account_id', '=', accountId)
      .where('contact_id', '=', contactId)
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (c)
      gateway.visitors.to(rooms.contact(contactId)).emit('queue', {
        conversationId: c.id,
        position: null,
        estimatedWaitSeconds: null,
        overflow: null,
      });
  }
}

/** An inline processor that runs one routing command per event as a system actor (unless `relevant` says the event cannot matter). */
function commandProcessor(
  name: string,
  actorName: string,
  handles: readonly EventType[],
  command: (ctx: CommandContext, event: DomainEvent) => Promise<unknown>,
  relevant?: (event: DomainEvent) => boolean,
) {
  return ({ services }: FeatureContext): Processor => ({
    name,
    mode: 'inline',
    lane: ROUTING_LANE,
    partitions: ROUTING_PARTITIONS,
    handles,
    async handle(event: DomainEvent) {
      if (relevant && !relevant(event)) return;
      await execute(services, systemActor(event.accountId, actorName), command, event);
    },
  });
}

export const slaProcessor = commandProcessor('routing-sla', 'sla', SLA_TRIGGERS, slaOnEvent);
export const alertProcessor = commandProcessor(
  'routing-alerts',
  'alerts',
  ALERT_TRIGGERS,
  alertsOnEvent,
  alertsRelevant,
);

export function rulesProcessor({ services }: FeatureContext): Processor {
  return {
    name: 'automation-rules',
    mode: 'inline',
    lane: ROUTING_LANE,
    partitions: ROUTING_PARTITIONS,
    handles: RULE_TRIGGERS,
    async handle(event: DomainEvent) {
      await runRules(services, event);
    },
  };
}
