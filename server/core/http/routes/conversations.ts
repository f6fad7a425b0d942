/** Conversations: list with filters and cursors, detail, status/priority/mode, assign, labels, read state, messages. */
import { z } from 'zod';
import { assignConversation } from '../../commands/assign-conversation.ts';
import { execute } from '../../commands/context.ts';
import { labelsOf, loadConversation } from '../../commands/lib/conversations.ts';
import { markRead, markUnread } from '../../commands/mark-read.ts';
import { sendMessage } from '../../commands/send-message.ts';
import { setConversationLabels } from '../../commands/set-conversation-labels.ts';
import { updateConversation } from '../../commands/update-conversation.ts';
import { badInput, notFound } from '../../errors.ts';
import type { Actor } from '../../policies/actor.ts';
import { authorize } from '../../policies/can.ts';
import { visibilityOf } from '../../policies/visibility.ts';
import { presentContact, presentConversation, presentMessage } from '../../presenters/index.ts';
import { listConversations, SORTS, viewCounts } from '../../queries/conversations.ts';
import { attachmentsOf, listMessages } from '../../queries/messages.ts';
import { defineRoute } from '../route.ts';
import {
  ClientMessageId,
  Id,
  IdParams,
  Limit,
  MessageContent,
  Priority,
  Status,
  pathId,
} from '../schemas.ts';
import {
  ConversationDetailSchema,
  ConversationSchema,
  MessageSchema,
} from '../../../../shared/dto.ts';
import { ConversationPage, MessagePage, ReadSeq, ViewCounts } from '../responses.ts';

const userId = (a: Actor) => (a.kind === 'user' ? a.userId : null);
const idOr404 = (raw: string) => {
  const id = pathId(raw);
  if (!id) throw notFound('conversation');
  return id;
};

const ListQuery = z.strictObject({
  status: z
    .union([
      Status,
      z
        .string()
        .regex(/^[a-z,]+$/)
        .transform((s) => s.split(',')),
    ])
    .optional()
    .transform((v) => (v === undefined ? undefined : Array.isArray(v) ? v : [v]))
    .pipe(z.array(Status).optional()),
  assignee: z.union([Id, z.enum(['me', 'none'])]).optional(),
  team: z.union([Id, z.literal('none')]).optional(),
  inbox: Id.optional(),
  contact: Id.optional(),
  label: z.string().max(100).optional(),
  mode: z.enum(['bot', 'human']).optional(),
  updatedSince: z.iso
    .datetime()
    .transform((s) => Date.parse(s))
    .optional(),
  q: z.string().trim().min(1).max(200).optional(),
  sort: z.enum(SORTS).default('last_activity'),
  limit: Limit,
  cursor: z.string().max(500).optional(),
});

function filtersFrom(q: z.infer<typeof ListQuery>, actor: Actor) {
  return {
    status: q.status,
    assigneeId: q.assignee === 'me' ? (userId(actor) ?? 'none') : q.assignee,
    teamId: q.team,
    inboxId: q.inbox,
    contactId: q.contact,
    label: q.label,
    mode: q.mode,
    updatedSince: q.updatedSince,
    q: q.q,
  };
}

export const conversationRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/conversations',
    auth: 'user',
    summary: 'List conversations (filters, cursor pagination)',
    tags: ['conversations'],
    response: ConversationPage,
    query: ListQuery,
    handler: async ({ actor, query, services }) => {
      authorize(actor, 'conversation.read');
      const db = services.database.db;
      return listConversations(db, {
        accountId: actor.accountId,
        viewerId: userId(actor),
        limit: query.limit,
        cursor: query.cursor,
        sort: query.sort,
        ...filtersFrom(query, actor),
        visibility: await visibilityOf(db, actor),
      });
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/conversations/counts',
    auth: 'user',
    summary:
      'Counts for the inbox views (open: mine/unassigned/all, per team/inbox/label; all statuses; bot: open ones the bot owns); mode narrows them to one mode',
    tags: ['conversations'],
    response: ViewCounts,
    query: z.strictObject({ mode: z.enum(['bot', 'human']).optional() }),
    handler: async ({ actor, query, services }) => {
      authorize(actor, 'conversation.read');
      const db = services.database.db;
      return viewCounts(db, actor.accountId, userId(actor), await visibilityOf(db, actor), {
        mode: query.mode,
      });
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/conversations/:id',
    auth: 'user',
    summary: 'One conversation with its contact',
    tags: ['conversations'],
    response: ConversationDetailSchema,
    params: IdParams,
    handler: async ({ actor, params, services }) => {
      authorize(actor, 'conversation.read');
      const db = services.database.db;
      const c = await loadConversation(db, actor.accountId, idOr404(params.id));
      const contact = await db
        .selectFrom('contacts')
        .selectAll()
        .where('id', '=', c.contact_id)
        .executeTakeFirst();
      return {
        ...presentConversation(c, await labelsOf(db, c.id)),
        contactLastReadSeq: Number(c.contact_last_read_seq),
        contact: contact ? presentContact(contact) : null,
      };
    },
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/v1/conversations/:id',
    auth: 'user',
    summary: 'Change status, snooze, priority or bot/human mode',
    tags: ['conversations'],
    response: ConversationSchema,
    params: IdParams,
    body: z.strictObject({
      status: z.enum(['open', 'pending', 'snooze', 'resolve', 'close', 'reopen']).optional(),
      snoozedUntil: z.iso
        .datetime()
        .transform((s) => Date.parse(s))
        .optional(),
      priority: Priority.optional(),
      mode: z.enum(['bot', 'human']).optional(),
    }),
    handler: async ({ actor, params, body, services }) => {
      const c = await execute(services, actor, updateConversation, {
        conversationId: idOr404(params.id),
        ...body,
      });
      return presentConversation(c, await labelsOf(services.database.db, c.id));
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/conversations/:id/assignment',
    auth: 'user',
    summary: 'Assign or transfer to an agent and/or team',
    tags: ['conversations'],
    response: ConversationSchema,
    params: IdParams,
    body: z.strictObject({
      assigneeId: Id.nullable().optional(),
      teamId: Id.nullable().optional(),
      note: z.string().max(2000).optional(),
      force: z.boolean().optional(),
    }),
    handler: async ({ actor, params, body, services }) => {
      const c = await execute(services, actor, assignConversation, {
        conversationId: idOr404(params.id),
        ...body,
      });
      return presentConversation(c, await labelsOf(services.database.db, c.id));
    },
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/v1/conversations/:id/labels',
    auth: 'user',
    summary: 'Replace the labels',
    tags: ['conversations'],
    response: z.object({ labels: z.array(z.string()) }),
    params: IdParams,
    body: z.strictObject({ labels: z.array(z.string().trim().min(1).max(50)).max(50) }),
    handler: async ({ actor, params, body, services }) => {
      const r = await execute(services, actor, setConversationLabels, {
        conversationId: idOr404(params.id),
        labels: body.labels,
      });
      return { labels: r.labels };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/conversations/:id/read',
    auth: 'user',
    summary: 'Mark read up to a seq (default: all)',
    tags: ['conversations'],
    response: ReadSeq,
    params: IdParams,
    body: z.strictObject({ seq: z.number().int().min(0).optional() }).optional(),
    handler: async ({ actor, params, body, services }) =>
      execute(services, actor, markRead, { conversationId: idOr404(params.id), seq: body?.seq }),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/conversations/:id/unread',
    auth: 'user',
    summary: 'Mark unread for me',
    tags: ['conversations'],
    response: ReadSeq,
    params: IdParams,
    handler: async ({ actor, params, services }) =>
      execute(services, actor, markUnread, { conversationId: idOr404(params.id) }),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/conversations/:id/messages',
    auth: 'user',
    summary: 'Messages by seq: latest page, before a seq, or after a seq (resume)',
    tags: ['messages'],
    response: MessagePage,
    params: IdParams,
    query: z.strictObject({
      after: z.coerce.number().int().min(0).optional(),
      before: z.coerce.number().int().min(1).optional(),
      limit: Limit.default(50),
    }),
    handler: async ({ actor, params, query, services }) => {
      authorize(actor, 'conversation.read');
      const db = services.database.db;
      const c = await loadConversation(db, actor.accountId, idOr404(params.id));
      if (query.after != null && query.before != null)
        throw badInput('invalid_request', 'Use either after or before.');
      const page = await listMessages(db, {
        accountId: actor.accountId,
        conversationId: c.id,
        afterSeq: query.after,
        beforeSeq: query.before,
        limit: query.limit,
      });
      return { data: page.messages, hasMore: page.hasMore, lastSeq: Number(c.last_seq) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/conversations/:id/messages',
    auth: 'user',
    summary: 'Reply or add a private note (idempotent on clientMessageId)',
    tags: ['messages'],
    response: MessageSchema,
    params: IdParams,
    status: 201,
    body: z
      .strictObject({
        content: MessageContent.default(''),
        private: z.boolean().default(false),
        clientMessageId: ClientMessageId.optional(),
        attachmentIds: z.array(Id).max(10).default([]),
      })
      .refine((b) => b.content.trim().length > 0 || b.attachmentIds.length > 0, {
        message: 'content or attachments are required',
        path: ['content'],
      }),
    handler: async ({ actor, params, body, reply, services }) => {
      const r = await execute(services, actor, sendMessage, {
        conversationId: idOr404(params.id),
        ...body,
      });
      const dto = presentMessage(
        r.message,
        await attachmentsOf(services.database.db, [r.message.id]),
      );
      return r.duplicate ? reply.code(200).send(dto) : dto;
    },
  }),
];
