/** Response schemas of the widget API (OpenAPI and the test-time response check). */
import { z } from 'zod';
import {
  InboxAvailabilitySchema,
  MessageSchema,
  VisitorConversationSchema,
  WidgetPublicSettingsSchema,
} from '../../../shared/dto.ts';

const Inbox = z.object({ name: z.string(), settings: WidgetPublicSettingsSchema });
const Sent = z.object({ message: MessageSchema, conversation: VisitorConversationSchema });

export const widgetResponses = {
  Config: z.object({ inbox: Inbox, availability: InboxAvailabilitySchema }),
  Session: z.object({
    /** The signed visitor token (Bearer on the widget API and `auth.token` on the socket, never in a URL). */
    visitorToken: z.string(),
    /**
     * Seconds the token works (VISITOR_TOKEN_DAYS). The widget renews it (this call with the token)
     * once half of that has passed, also on a page that stays open.
     */
    visitorTokenExpiresIn: z.number(),
    contact: z.object({
      id: z.string(),
      name: z.string().nullable(),
      email: z.string().nullable(),
    }),
    conversation: VisitorConversationSchema.nullable(),
    agentReadSeq: z.number(),
    inbox: Inbox,
    availability: InboxAvailabilitySchema,
  }),
  Messages: z.object({
    data: z.array(MessageSchema),
    hasMore: z.boolean(),
    conversation: VisitorConversationSchema.nullable(),
    agentReadSeq: z.number(),
  }),
  /** A message sent (or replayed on its clientMessageId) and the conversation after it. */
  Sent,
  Read: z.object({ seq: z.number() }),
  Handover: z.object({
    conversation: VisitorConversationSchema,
    /** The notice posted into the conversation. */
    message: MessageSchema.nullable(),
  }),
  CsatOffer: z.object({
    conversationId: z.string().nullable(),
    pending: z.boolean(),
    rating: z.number().nullable(),
  }),
  Csat: z.object({
    id: z.string(),
    rating: z.number(),
    comment: z.string().nullable(),
    conversationId: z.string(),
  }),
  Profile: z.object({
    contact: z.object({
      id: z.string(),
      name: z.string().nullable(),
      email: z.string().nullable(),
      phone: z.string().nullable(),
    }),
  }),
};
