/** Domain events owned by the widget feature (merged into EventPayloads in catalog.ts). */
import type { ConversationDTO } from '../../core/presenters/types.ts';

export interface CsatReceivedPayload {
  csatId: string;
  conversationId: string;
  contactId: string;
  inboxId: string;
  rating: number;
  comment: string | null;
  /** The activity message shown to agents in the conversation stream. */
  messageId: string;
  conversation: ConversationDTO;
}

export interface WidgetEvents {
  'csat.received': CsatReceivedPayload;
}

export const WIDGET_EVENT_TYPES = ['csat.received'] as const;

// Merged into the core's catalogue (declaration merging): the core names no feature.
declare module '../../core/events/catalog.ts' {
  interface EventPayloads extends WidgetEvents {}
}
