/** Counts stored messages by type for /metrics (an output of events, like realtime). */
import type { DomainEvent } from '../events/catalog.ts';
import type { Processor } from '../events/dispatcher.ts';
import { metrics } from '../infra/metrics.ts';

export const countMetrics: Processor = {
  name: 'count-metrics',
  mode: 'inline',
  lane: 'realtime',
  handles: ['message.created'],
  handle(event: DomainEvent) {
    metrics.messagesIngested.inc({
      type: (event as DomainEvent<'message.created'>).payload.message.type,
    });
  },
};
