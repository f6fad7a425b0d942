/** The events a conversation's facts depend on (the core's, routing's SLA, the AI feature's, the widget's CSAT). */
import type { EventType } from '../../../core/events/catalog.ts';

export const FACT_EVENTS = [
  'conversation.created',
  'conversation.updated',
  'conversation.assigned',
  'conversation.status_changed',
  'conversation.handover_requested',
  'message.created',
  'message.analyzed',
  'bot.feedback',
  'csat.received',
  'sla.warning',
  'sla.breached',
] as const satisfies readonly EventType[];
