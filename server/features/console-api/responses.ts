/** Response schemas of the console API's routes (OpenAPI and the test-time response check). */
import { z } from 'zod';
import { InvitationSchema, UserSchema } from '../../../shared/dto.ts';
import { Iso } from '../../core/http/responses.ts';

const LastMessage = z
  .object({
    content: z.string(),
    type: z.string(),
    senderType: z.string(),
    createdAt: Iso.nullable(),
  })
  .nullable();

/** GET /api/v1/contacts/:id/conversations: one conversation of the contact's timeline. */
const TimelineRow = z.object({
  id: z.string(),
  displayId: z.number(),
  status: z.string(),
  priority: z.string(),
  assigneeId: z.string().nullable(),
  teamId: z.string().nullable(),
  contactId: z.string(),
  inbox: z.object({ id: z.string(), name: z.string(), channelType: z.string() }),
  createdAt: Iso,
  updatedAt: Iso,
  resolvedAt: Iso.nullable(),
  lastMessageAt: Iso.nullable(),
  lastMessage: LastMessage,
});

const SavedFilter = z.object({
  id: z.string(),
  name: z.string(),
  /** GET /api/v1/conversations query parameters. */
  filter: z.record(z.string(), z.string()),
  createdAt: Iso,
  updatedAt: Iso,
});

const LiveConversation = z.object({
  id: z.string(),
  displayId: z.number(),
  status: z.string(),
  priority: z.string(),
  mode: z.string(),
  assigneeId: z.string().nullable(),
  teamId: z.string().nullable(),
  inboxId: z.string(),
  contact: z.object({ id: z.string(), name: z.string().nullable(), email: z.string().nullable() }),
  waitingSince: Iso.nullable(),
  waitingSeconds: z.number().nullable(),
  lastMessageAt: Iso.nullable(),
  createdAt: Iso,
  emotion: z.object({ label: z.string(), intensity: z.number(), trend: z.string() }).nullable(),
});

const AgentStatus = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  role: z.string(),
  availability: z.string(),
  avatarUrl: z.string().nullable(),
  openCount: z.number(),
  pendingCount: z.number(),
  lastActivityAt: Iso.nullable(),
});

export const consoleResponses = {
  Timeline: z.object({
    /** The surviving contact (after merges). */
    contactId: z.string(),
    data: z.array(TimelineRow),
    nextCursor: z.string().nullable(),
  }),
  Invitations: z.object({ data: z.array(InvitationSchema) }),
  /** The one-time link, shown once. */
  InvitationCreated: z.object({ invitation: InvitationSchema, token: z.string(), url: z.string() }),
  InvitationLookup: z.object({
    email: z.string(),
    role: z.string(),
    account: z.object({ name: z.string(), locale: z.string() }),
    expiresAt: Iso,
  }),
  InvitationAccepted: z.object({ email: z.string(), name: z.string(), role: z.string() }),
  UserOnly: z.object({ user: UserSchema }),
  SavedFilter,
  SavedFilters: z.object({ data: z.array(SavedFilter) }),
  Overview: z.object({
    generatedAt: Iso,
    conversations: z.array(LiveConversation),
    /** More live conversations than the overview shows. */
    truncated: z.boolean(),
    agents: z.array(AgentStatus),
    inboxes: z.array(z.object({ id: z.string(), name: z.string(), channelType: z.string() })),
    teams: z.array(z.object({ id: z.string(), name: z.string() })),
  }),
};
