/**
 * The facts processor: keeps `conversation_facts` (and its cycles and labels) up to date at event
 * time, in a lane of its own so reporting work never delays the broadcast or routing. Partitioned
 * by conversation like routing: one conversation's events in commit order, others side by side.
 */
import { execute } from '../../../core/commands/context.ts';
import type { DomainEvent } from '../../../core/events/catalog.ts';
import type { Processor } from '../../../core/events/dispatcher.ts';
import type { FeatureContext } from '../../../core/kit/feature.ts';
import { systemActor } from '../../../core/policies/actor.ts';
import { applyEvent } from '../commands/apply-event.ts';
import { FACT_EVENTS } from '../domain/events.ts';

export function factsProcessor({ services }: FeatureContext): Processor {
  const lock = services.database.dialect === 'postgres';
  return {
    name: 'analytics-facts',
    mode: 'inline',
    lane: 'analytics',
    partitions: 4,
    handles: FACT_EVENTS,
    async handle(event: DomainEvent) {
      if (!event.conversationId) return;
      await execute(services, systemActor(event.accountId, 'analytics'), applyEvent, {
        event,
        lock,
      });
    },
  };
}
