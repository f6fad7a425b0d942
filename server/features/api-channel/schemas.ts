/**
 * JSON shapes of the API channel (request bodies, answers, webhook payloads): validate requests,
 * feed the OpenAPI document and the test-time response check, and type the presenters.
 */
import { z } from 'zod';
import { ClientMessageId, Email, Id, MessageContent } from '../../core/http/schemas.ts';
import { MESSAGE_TYPES, SENDER_TYPES } from '../../../shared/dto.ts';

const Iso = z.string();

/** The app's own id for the person (user id, open id…): any visible characters, no spaces. */
export const ExternalId = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[^\s\p{C}]+$/u, 'visible characters without spaces');
const Phone = z
  .string()
  .trim()
  .min(3)
  .max(40)
  .regex(/^[0-9+()\-.\s]+$/, 'digits, spaces and + ( ) - . only');

export const ContactInput = z
  .strictObject({
    externalId: ExternalId,
    name: z.string().trim().min(1).max(200).optional(),
    email: Email.optional(),
    phone: Phone.optional(),
  })
  .meta({
    description:
      "The app's user. Found by externalId within this inbox, created on first sight; name, email and phone update the profile (email and phone are also stored as identities, never merged into another contact).",
  });

export const SendBody = z
  .strictObject({
    contact: ContactInput,
    clientMessageId: ClientMessageId.meta({
      description: 'Unique per contact: a retry with the same id returns the first message (200).',
    }),
    content: MessageContent.default(''),
    attachmentIds: z.array(Id).max(10).default([]).meta({
      description: 'Ids from POST /api/v1/channels/api/{inboxId}/attachments (same contact).',
    }),
  })
  .refine((b) => b.content.trim().length > 0 || b.attachmentIds.length > 0, {
    message: 'content or attachments are required',
    path: ['content'],
  })
  .meta({
    examples: [
      {
        contact: { externalId: 'user-42', name: 'Alice', email: 'alice@example.com' },
        clientMessageId: 'msg-0001',
        content: '我的订单 12345 到哪了？',
      },
    ],
  });

export const ApiAttachmentSchema = z.strictObject({
  id: z.string(),
  fileName: z.string(),
  contentType: z.string(),
  size: z.number(),
  /** Download with the inbox token: GET /api/v1/channels/api/{inboxId}/attachments/{id}. */
  url: z.string(),
});

export const ApiMessageSchema = z.strictObject({
  id: z.string(),
  conversationId: z.string(),
  seq: z.number(),
  type: z.enum(MESSAGE_TYPES),
  sender: z.strictObject({
    type: z.enum(SENDER_TYPES),
    id: z.string().nullable(),
    /** The agent's display name (agents' replies). */
    name: z.string().nullable(),
  }),
  content: z.string(),
  attributes: z.record(z.string(), z.unknown()),
  attachments: z.array(ApiAttachmentSchema),
  clientMessageId: z.string().nullable(),
  createdAt: Iso,
});

export const ApiConversationSchema = z.strictObject({
  id: z.string(),
  displayId: z.number(),
  status: z.string(),
  /** `bot` while the bot answers, `human` once people do. */
  mode: z.string(),
  lastSeq: z.number(),
  /** Whether an agent has it. */
  assigned: z.boolean(),
  createdAt: Iso,
  updatedAt: Iso,
  resolvedAt: Iso.nullable(),
});

export const ApiContactSchema = z.strictObject({
  id: z.string(),
  externalId: z.string().nullable(),
});

export const SentSchema = z.object({
  message: ApiMessageSchema,
  conversation: ApiConversationSchema,
  contact: ApiContactSchema,
  /** True when clientMessageId was seen before: this is the first message, nothing new was stored. */
  duplicate: z.boolean(),
});

export const HistorySchema = z.object({
  data: z.array(ApiMessageSchema),
  hasMore: z.boolean(),
  conversation: ApiConversationSchema,
});

export const SessionSchema = z.object({
  /** A visitor token for this contact: `auth.token` on the /visitor socket (never put it in a URL). */
  visitorToken: z.string(),
  visitorTokenExpiresIn: z.number(),
  contact: ApiContactSchema,
  conversation: ApiConversationSchema.nullable(),
});

/** The body of every webhook request. */
export const WebhookPayloadSchema = z.strictObject({
  /** The delivery id (also `X-Kefu-Delivery`): the same on every retry, for the receiver's dedupe. */
  id: z.string(),
  type: z.enum(['message.created', 'conversation.status_changed']),
  createdAt: Iso,
  inboxId: z.string(),
  contact: ApiContactSchema,
  conversation: ApiConversationSchema,
  message: ApiMessageSchema.optional(),
  previousStatus: z.string().optional(),
});
export type WebhookPayload = z.infer<typeof WebhookPayloadSchema>;
export type ApiMessage = z.infer<typeof ApiMessageSchema>;
export type ApiConversation = z.infer<typeof ApiConversationSchema>;

// ---- Settings (admins) ----

export const SettingsSchema = z.object({
  inboxId: z.string(),
  token: z.object({
    set: z.boolean(),
    /** Last 4 characters of the current token. */
    hint: z.string().nullable(),
    rotatedAt: Iso.nullable(),
  }),
  webhook: z
    .object({
      url: z.string(),
      secretRotatedAt: Iso.nullable(),
      /** Until then the previous secret still signs too (a second `v1=`). */
      previousSecretUntil: Iso.nullable(),
    })
    .nullable(),
  deliveries: z.object({ pending: z.number(), dead: z.number() }),
});

export const DeliverySchema = z.object({
  id: z.string(),
  type: z.string(),
  status: z.enum(['pending', 'delivered', 'dead']),
  conversationId: z.string().nullable(),
  messageId: z.string().nullable(),
  attempts: z.number(),
  nextAttemptAt: Iso.nullable(),
  lastAttemptAt: Iso.nullable(),
  /** `http_<status>`, `timeout`, `connection_failed`, `blocked_address`, `redirect_not_followed`, `webhook_not_configured`. */
  lastError: z.string().nullable(),
  lastStatus: z.number().nullable(),
  deliveredAt: Iso.nullable(),
  createdAt: Iso,
});
export type DeliveryDTO = z.infer<typeof DeliverySchema>;
