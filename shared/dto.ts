/**
 * JSON shapes the server presents over REST and sockets (server/core/presenters is the only
 * serializer) and the console and widget read. Declared once, as zod schemas: the types are
 * `z.infer` of them, so a presenter that drifts from a schema fails `tsc`, and a test can check a
 * payload at run time (`MessageSchema.parse(x)`). Timestamps are ISO-8601 strings in UTC.
 *
 * Isomorphic: imported by the server, the console and the widget. No node:, no database, no HTTP;
 * clients import only types from here (`import type`), so zod stays out of their bundles.
 */
import { z } from 'zod';
import type { AssistResponse, InboxAvailability, QueueStatus } from './contracts.ts';

const Iso = z.string();
const Json = z.record(z.string(), z.unknown());

export const AttachmentSchema = z.strictObject({
  id: z.string(),
  fileName: z.string(),
  contentType: z.string(),
  size: z.number(),
  /** Download path for agents (`/api/v1/attachments/:id`, session); the widget asks for short-lived signed links (POST /widget/v1/attachments/links). */
  url: z.string(),
});
export type AttachmentDTO = z.infer<typeof AttachmentSchema>;

export const MESSAGE_TYPES = ['incoming', 'outgoing', 'note', 'activity'] as const;
export const SENDER_TYPES = ['contact', 'user', 'bot', 'system'] as const;

export const MessageSchema = z.strictObject({
  id: z.string(),
  conversationId: z.string(),
  seq: z.number(),
  type: z.enum(MESSAGE_TYPES),
  sender: z.strictObject({ type: z.enum(SENDER_TYPES), id: z.string().nullable() }),
  content: z.string(),
  /** content_attributes: `kind` (shared/contracts.ts MessageKind), `context`, `csat`, … */
  attributes: Json,
  attachments: z.array(AttachmentSchema),
  clientMessageId: z.string().nullable(),
  status: z.string(),
  createdAt: Iso,
});
export type MessageDTO = z.infer<typeof MessageSchema>;

export const ConversationSchema = z.strictObject({
  id: z.string(),
  displayId: z.number(),
  inboxId: z.string(),
  contactId: z.string(),
  status: z.string(),
  snoozedUntil: Iso.nullable(),
  priority: z.string(),
  assigneeId: z.string().nullable(),
  teamId: z.string().nullable(),
  mode: z.string(),
  lastSeq: z.number(),
  lastMessageAt: Iso.nullable(),
  waitingSince: Iso.nullable(),
  createdAt: Iso,
  updatedAt: Iso,
  resolvedAt: Iso.nullable(),
  /** Free-form; the widget stores the visitor's page context in `customAttributes.context`. */
  customAttributes: Json,
  /** Present when the presenter was given them (lists, events). */
  labels: z.array(z.string()).optional(),
});
export type ConversationDTO = z.infer<typeof ConversationSchema>;

export const ContactSchema = z.strictObject({
  id: z.string(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  attributes: Json,
  /** Present on the contact detail (GET /api/v1/contacts/:id). */
  identities: z.array(z.strictObject({ kind: z.string(), value: z.string() })).optional(),
  createdAt: Iso,
  updatedAt: Iso,
  lastSeenAt: Iso.nullable(),
});
export type ContactDTO = z.infer<typeof ContactSchema>;

export const UserSchema = z.strictObject({
  id: z.string(),
  accountId: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.string(),
  locale: z.string(),
  availability: z.string(),
  avatarUrl: z.string().nullable(),
  preferences: Json,
});
export type UserDTO = z.infer<typeof UserSchema>;

/**
 * Told once, at the next successful sign-in (POST /api/v1/auth/login, /auth/login/2fa): the
 * account's sign-ins were locked at `at` after `failures` failed attempts, the last from `ip`.
 */
export const SignInNoticeSchema = z.strictObject({
  kind: z.literal('account_locked'),
  at: Iso,
  failures: z.number(),
  ip: z.string().nullable(),
});
export type SignInNoticeDTO = z.infer<typeof SignInNoticeSchema>;

export const InboxSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  channelType: z.string(),
  publicToken: z.string(),
  settings: Json,
  createdAt: Iso,
  updatedAt: Iso,
  /** Only for admins (and in the answer to create/update). */
  hmacSecret: z.string().optional(),
});
export type InboxDTO = z.infer<typeof InboxSchema>;

/** One row of the inbox list (GET /api/v1/conversations, server/core/queries/conversations.ts). */
export const ConversationRowSchema = ConversationSchema.extend({
  contact: ContactSchema.nullable(),
  unreadCount: z.number(),
  /** The latest message, content cut to 280 characters; null before the first one. */
  lastMessage: z
    .strictObject({
      content: z.string(),
      type: z.enum(MESSAGE_TYPES),
      senderType: z.enum(SENDER_TYPES),
      createdAt: Iso.nullable(),
    })
    .nullable(),
});
export type ConversationRow = z.infer<typeof ConversationRowSchema>;

/** The visitor's view of their conversation (widget API and /visitor socket): no ids of agents, no labels. */
export const VisitorConversationSchema = z.strictObject({
  id: z.string(),
  status: z.string(),
  mode: z.string(),
  lastSeq: z.number(),
  createdAt: Iso,
  /** Whether an agent has it (the widget says "an agent joined"). */
  assigned: z.boolean(),
  resolvedAt: Iso.nullable(),
  /** The last seq the visitor has read. */
  visitorReadSeq: z.number(),
});
export type VisitorConversationDTO = z.infer<typeof VisitorConversationSchema>;
/** What the /visitor socket's `message` and `conversation` events carry of the conversation (broadcast-realtime). */
export type VisitorConversationUpdate = Pick<
  VisitorConversationDTO,
  'id' | 'status' | 'mode' | 'lastSeq' | 'assigned'
>;

/** Public appearance settings of a web-chat inbox (GET /widget/v1/config, POST /widget/v1/sessions). */
export const WidgetPublicSettingsSchema = z.strictObject({
  color: z.string(),
  greeting: z.record(z.string(), z.string()),
  position: z.string(),
  preChatForm: z.strictObject({
    enabled: z.boolean(),
    fields: z.array(z.string()),
    required: z.array(z.string()),
  }),
  botMode: z.string(),
});
export type WidgetPublicSettings = z.infer<typeof WidgetPublicSettingsSchema>;

/** GET /api/v1/conversations/:id: the conversation with its labels, contact and the contact's read seq. */
export const ConversationDetailSchema = ConversationSchema.extend({
  labels: z.array(z.string()),
  /** The last seq the contact has read (visitor read receipts). */
  contactLastReadSeq: z.number(),
  contact: ContactSchema.nullable(),
});
export type ConversationDetail = z.infer<typeof ConversationDetailSchema>;

/** GET /api/v1/contacts/:id: the contact with identities, merge target and conversations. */
export const ContactDetailSchema = ContactSchema.extend({
  identities: z.array(z.strictObject({ kind: z.string(), value: z.string() })),
  mergedIntoId: z.string().nullable(),
  conversations: z.array(ConversationRowSchema),
});
export type ContactDetail = z.infer<typeof ContactDetailSchema>;

/** A row of GET /api/v1/users (admins' agent list). */
export const UserListItemSchema = UserSchema.extend({ disabled: z.boolean() });
export type UserListItem = z.infer<typeof UserListItemSchema>;

export const AccountSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  slug: z.string(),
  locale: z.string(),
});
export type AccountDTO = z.infer<typeof AccountSchema>;

export const TeamSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  memberIds: z.array(z.string()),
});
export type TeamDTO = z.infer<typeof TeamSchema>;

export const LabelSchema = z.strictObject({ id: z.string(), name: z.string(), color: z.string() });
export type LabelDTO = z.infer<typeof LabelSchema>;

/** A canned response's text in each language it is written in (at least one; features/canned). */
export const CannedTextsSchema = z.strictObject({
  'zh-CN': z.string().optional(),
  en: z.string().optional(),
});
export const CannedResponseSchema = z.strictObject({
  id: z.string(),
  shortCode: z.string(),
  texts: CannedTextsSchema,
});
export type CannedResponseDTO = z.infer<typeof CannedResponseSchema>;

/** A `{{variable}}` that could not be filled: no such variable, or no value in this conversation. */
export const MissingVariableSchema = z.strictObject({
  name: z.string(),
  reason: z.enum(['unknown', 'empty']),
});
export type MissingVariableDTO = z.infer<typeof MissingVariableSchema>;

/** A canned response (or text) rendered for a conversation, in the customer's language. */
export const RenderedCannedSchema = z.strictObject({
  /** The filled text; a placeholder that could not be filled stays as written (see `missing`). */
  content: z.string(),
  /** The customer's language. */
  language: z.enum(['zh-CN', 'en']),
  /** The language of `content`: differs from `language` when the response has no text in it. */
  textLanguage: z.enum(['zh-CN', 'en']),
  missing: z.array(MissingVariableSchema),
});
export type RenderedCannedDTO = z.infer<typeof RenderedCannedSchema>;

/** An invitation as admins see it (never its token). */
export const InvitationSchema = z.strictObject({
  id: z.string(),
  email: z.string(),
  role: z.string(),
  invitedBy: z.string(),
  createdAt: Iso,
  expiresAt: Iso,
  acceptedAt: Iso.nullable(),
  revokedAt: Iso.nullable(),
  status: z.enum(['pending', 'accepted', 'expired', 'revoked']),
  /** `link`: accepted through the one-time link; `sign_in`: a pending user added with a password (POST /api/v1/users), activated by the first sign-in. */
  activation: z.enum(['link', 'sign_in']),
});
export type InvitationDTO = z.infer<typeof InvitationSchema>;

/** shared/contracts.ts QueueStatus (GET /widget/v1/queue, the visitor socket's `queue`). */
export const QueueStatusSchema = z.strictObject({
  conversationId: z.string(),
  position: z.number().nullable(),
  estimatedWaitSeconds: z.number().nullable(),
  overflow: z.literal('leave_message').nullable(),
}) satisfies z.ZodType<QueueStatus>;

/** shared/contracts.ts InboxAvailability (widget config and sessions). */
export const InboxAvailabilitySchema = z.strictObject({
  online: z.boolean(),
  reason: z.enum(['agents_online', 'no_agents_online', 'out_of_hours']),
  nextOpenAt: z.number().nullable(),
}) satisfies z.ZodType<InboxAvailability>;

/** shared/contracts.ts AssistResponse (GET /api/v1/conversations/:id/assist). */
export const AssistResponseSchema = z.strictObject({
  emotion: z
    .strictObject({ label: z.string(), intensity: z.number(), trend: z.string() })
    .nullable(),
  sentiment: z.strictObject({ label: z.string(), score: z.number() }).nullable(),
  intent: z.strictObject({ label: z.string(), confidence: z.number() }).nullable(),
  humanRequested: z.boolean(),
  summary: z
    .strictObject({
      text: z.string(),
      source: z.enum(['extractive', 'llm']),
      parts: z
        .strictObject({
          problem: z.string(),
          tried: z.string(),
          status: z.string(),
          next: z.string(),
        })
        .optional(),
    })
    .nullable(),
  suggestions: z.array(
    z.strictObject({
      text: z.string(),
      source: z.enum(['empathy', 'kb', 'llm']),
      articleId: z.string().optional(),
    }),
  ),
}) satisfies z.ZodType<AssistResponse>;
