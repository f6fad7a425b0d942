/** The widget's state and the shapes it gets from the widget API. */
import type { PageContext } from './context.ts';
import type { Locale } from '../../../shared/i18n.ts';
import type { Conversation, Message, Pending } from './messages.ts';
import type { InboxAvailability, QueueStatus } from '../../../shared/contracts.ts';
import type { WidgetPublicSettings } from '../../../shared/dto.ts';

export type Settings = WidgetPublicSettings;
export type Availability = InboxAvailability;
export type { QueueStatus };
export interface Article {
  id: string;
  title: string;
  snippet: string;
  url: string;
}
export interface Identity {
  id: string;
  name?: string;
  email?: string;
  hash?: string;
}

export interface State {
  phase: 'loading' | 'ready' | 'blocked';
  inboxName: string;
  settings: Settings | null;
  availability: Availability | null;
  locale: Locale;
  open: boolean;
  sound: boolean;
  hasSession: boolean;
  contact: { id: string; name: string | null; email: string | null } | null;
  conversation: Conversation | null;
  messages: Message[];
  pending: Pending[];
  connection: 'idle' | 'connecting' | 'online' | 'reconnecting';
  agentTyping: boolean;
  agentReadSeq: number;
  visitorReadSeq: number;
  queue: QueueStatus | null;
  csat: { conversationId: string; pending: boolean; rating: number | null } | null;
  prechatDone: boolean;
  offlineSent: boolean;
  leaveMessage: boolean;
  handingOver: boolean;
  uploading: boolean;
  notice: string | null;
  articlesAvailable: boolean;
  feedbackAvailable: boolean;
  feedback: Record<string, boolean>;
  /** Page context to send with the next message (chip above the composer; the visitor may remove it). */
  context: PageContext | null;
}
