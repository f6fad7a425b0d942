/** The typed catalogue of domain events. Declared once; names are `noun.past_tense`. */
import type { ContactDTO, ConversationDTO, MessageDTO } from '../presenters/types.ts';

/** The core's events; each feature merges its own in from its `events.ts` (declaration merging). */
export interface EventPayloads {
  'conversation.created': { conversation: ConversationDTO };
  'conversation.updated': { conversation: ConversationDTO; changes: string[] };
  'conversation.assigned': {
    conversation: ConversationDTO;
    previousAssigneeId: string | null;
    previousTeamId: string | null;
    note?: string;
  };
  'conversation.status_changed': { conversation: ConversationDTO; previousStatus: string };
  'conversation.read': {
    conversationId: string;
    inboxId: string;
    contactId: string;
    reader: { type: 'user' | 'contact'; id: string };
    seq: number;
  };
  'message.created': { message: MessageDTO; conversation: ConversationDTO };
  'message.updated': { message: MessageDTO; conversation: ConversationDTO };
  /** A person must take over (customer asked, AI detected a request or anger, bot could not answer, an agent or a rule). */
  'conversation.handover_requested': {
    conversation: ConversationDTO;
    reason:
      | 'customer_request'
      | 'detected_request'
      | 'negative_emotion'
      | 'bot_unable'
      | 'agent'
      | 'rule';
  };
  'contact.created': { contact: ContactDTO };
  'contact.updated': { contact: ContactDTO };
  'contact.merged': { contact: ContactDTO; mergedContactId: string };
}

export type EventType = keyof EventPayloads;

export interface DomainEvent<T extends EventType = EventType> {
  id: number;
  accountId: string;
  type: T;
  conversationId: string | null;
  payload: EventPayloads[T];
  createdAt: number;
}

/** The core's event types (features list theirs in their own catalog files). */
export const EVENT_TYPES = [
  'conversation.created',
  'conversation.updated',
  'conversation.assigned',
  'conversation.status_changed',
  'conversation.read',
  'conversation.handover_requested',
  'message.created',
  'message.updated',
  'contact.created',
  'contact.updated',
  'contact.merged',
] as const satisfies readonly EventType[];
