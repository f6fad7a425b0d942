/** Domain events owned by the routing feature (merged into EventPayloads in catalog.ts). */
export type SlaKindName = 'first_response' | 'next_response' | 'resolution';

export interface SlaEventPayload {
  conversationId: string;
  timerId: string;
  kind: SlaKindName;
  policyId: string;
  dueAt: string;
  assigneeId: string | null;
  teamId: string | null;
}

export interface RoutingEvents {
  // 'user.availability_changed' is declared in catalog-console.ts; routing records it for auto-away too.
  /** An agent's routing profile (skills, languages, capacity) changed. */
  'routing.agent_updated': { userId: string };
  /** Waiting for a human in the live queue. */
  'conversation.queued': {
    conversationId: string;
    inboxId: string;
    contactId: string;
    reason: string;
  };
  /** Left the queue (assigned, resolved, back to the bot, or removed by a supervisor). */
  'conversation.dequeued': {
    conversationId: string;
    reason: 'assigned' | 'closed' | 'bot' | 'manual';
  };
  'sla.warning': SlaEventPayload;
  'sla.breached': SlaEventPayload;
  /** Supervisor early warning: anger above the threshold or a human request nobody answered yet. */
  'routing.alert_raised': {
    alertId: string;
    conversationId: string;
    kind: 'anger' | 'human_request';
    intensity: number;
    assigneeId: string | null;
    actions: Array<'join' | 'take_over'>;
  };
  'routing.alert_answered': { alertId: string; conversationId: string; responseMs: number };
  /** An automation rule fired (audit row written in the same transaction). */
  'automation.rule_fired': {
    ruleId: string;
    ruleName: string;
    conversationId: string | null;
    actions: string[];
  };
  /** A rule's "notify" action: realtime notice to agents/supervisors. */
  'automation.notification': {
    ruleId: string;
    conversationId: string | null;
    message: string;
    to: 'supervisors' | 'assignee' | 'all';
  };
}

export const ROUTING_EVENT_TYPES = [
  'routing.agent_updated',
  'conversation.queued',
  'conversation.dequeued',
  'sla.warning',
  'sla.breached',
  'routing.alert_raised',
  'routing.alert_answered',
  'automation.rule_fired',
  'automation.notification',
] as const;

// Merged into the core's catalogue (declaration merging): the core names no feature.
declare module '../../core/events/catalog.ts' {
  interface EventPayloads extends RoutingEvents {}
}
