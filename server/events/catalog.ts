/** The typed catalogue of domain events. Declared once; names are `noun.past_tense`. */
import type { ContactDTO, ConversationDTO, MessageDTO } from '../presenters/types.ts';

export interface EventPayloads {
  'conversation.created': { conversation: ConversationDTO };
  'conversation.updated': { conversation: ConversationDTO; changes: string[] };
  'conversation.assigned': { conversation: ConversationDTO; previousAssigneeId: string | null; previousTeamId: string | null; note?: string };
  'conversation.status_changed': { conversation: ConversationDTO; previousStatus: string };
  'conversation.read': { conversationId: string; inboxId: string; contactId: string; reader: { type: 'user' | 'contact'; id: string }; seq: number };
  'message.created': { message: MessageDTO; conversation: ConversationDTO };
  'message.updated': { message: MessageDTO; conversation: ConversationDTO };
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

export const EVENT_TYPES = [
  'conversation.created', 'conversation.updated', 'conversation.assigned', 'conversation.status_changed',
  'conversation.read', 'message.created', 'message.updated', 'contact.created', 'contact.updated', 'contact.merged',
] as const satisfies readonly EventType[];
