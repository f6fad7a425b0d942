/** The visitor's conversation: messages by seq, sending (idempotent), typing, read receipts. */
import { z } from 'zod';
import { execute } from '../../../core/commands/context.ts';
import { markRead } from '../../../core/commands/mark-read.ts';
import { receiveMessage } from '../../../core/commands/receive-message.ts';
import { notFound } from '../../../core/errors.ts';
import { defineRoute } from '../../../core/http/route.ts';
import { ClientMessageId, Id, Limit, MessageContent } from '../../../core/http/schemas.ts';
import { presentMessage } from '../../../core/presenters/index.ts';
import { currentConversation } from '../../../core/queries/conversations.ts';
import { attachmentsOf, listMessages } from '../../../core/queries/messages.ts';
import { CONTEXT_MAX_KEYS, CONTEXT_MAX_VALUE, parseWidgetContext } from '../domain/context.ts';
import { contactActor, visitorConversation } from '../domain/visitor.ts';
import { agentReadSeq } from '../store/visitor.ts';
import { widgetResponses as W } from '../responses.ts';

export const messageRoutes = [
  defineRoute({
    method: 'GET',
    url: '/widget/v1/messages',
    auth: 'visitor',
    summary: "Messages of the visitor's conversation by seq",
    tags: ['widget'],
    response: W.Messages,
    query: z.strictObject({
      after: z.coerce.number().int().min(0).optional(),
      afterSeq: z.coerce.number().int().min(0).optional(),
      before: z.coerce.number().int().min(1).optional(),
      limit: Limit.default(50),
    }),
    handler: async ({ actor, query, services }) => {
      const a = contactActor(actor);
      const c = await currentConversation(services.database.db, a);
      if (!c) return { data: [], hasMore: false, conversation: null, agentReadSeq: 0 };
      const afterSeq = query.after ?? query.afterSeq;
      const page = await listMessages(services.database.db, {
        accountId: a.accountId,
        conversationId: c.id,
        afterSeq,
        beforeSeq: query.before,
        limit: query.limit,
        visitorView: true,
      });
      return {
        data: page.messages,
        hasMore: page.hasMore,
        conversation: visitorConversation(c),
        agentReadSeq: await agentReadSeq(services.database.db, c.id),
      };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/widget/v1/messages',
    auth: 'visitor',
    summary: 'Send a message (idempotent on clientMessageId)',
    tags: ['widget'],
    response: W.Sent,
    status: 201,
    body: z
      .strictObject({
        content: MessageContent.default(''),
        clientMessageId: ClientMessageId,
        attachmentIds: z.array(Id).max(10).default([]),
        /** The page the chat was opened from (validated by parseWidgetContext: 422 invalid_context). */
        context: z
          .unknown()
          .optional()
          .meta({
            description: `Page context, e.g. {articleId, title, url}: 1–${CONTEXT_MAX_KEYS} keys, strings ≤ ${CONTEXT_MAX_VALUE} chars or numbers`,
          }),
      })
      .refine((b) => b.content.trim().length > 0 || b.attachmentIds.length > 0, {
        message: 'content or attachments are required',
        path: ['content'],
      }),
    rateLimit: {
      key: 'widget-message',
      limit: (s) => s.config.RATE_LIMIT_MESSAGES_PER_MIN,
      windowMs: 60_000,
      by: 'actor',
    },
    handler: async ({ actor, body, reply, services }) => {
      const a = contactActor(actor);
      const { context: raw, ...message } = body;
      const context = parseWidgetContext(raw);
      const r = await execute(services, a, receiveMessage, {
        inboxId: a.inboxId,
        contactId: a.contactId,
        ...message,
        ...(context ? { attributes: { context }, conversationAttributes: { context } } : {}),
      });
      const dto = {
        message: presentMessage(
          r.message,
          await attachmentsOf(services.database.db, [r.message.id]),
        ),
        conversation: visitorConversation(r.conversation),
      };
      return r.duplicate ? reply.code(200).send(dto) : dto;
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/widget/v1/typing',
    auth: 'visitor',
    summary: 'Typing indicator',
    tags: ['widget'],
    status: 204,
    body: z.strictObject({ typing: z.boolean() }),
    handler: async ({ actor, body, services }) => {
      const a = contactActor(actor);
      const c = await currentConversation(services.database.db, a);
      if (c)
        services.signals?.typing({
          accountId: a.accountId,
          conversationId: c.id,
          contactId: c.contact_id,
          from: { type: 'contact', id: a.contactId },
          typing: body.typing,
        });
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/widget/v1/read',
    auth: 'visitor',
    summary: 'Read receipt up to a seq',
    tags: ['widget'],
    response: W.Read,
    body: z.strictObject({ seq: z.number().int().min(0) }),
    handler: async ({ actor, body, services }) => {
      const a = contactActor(actor);
      const c = await currentConversation(services.database.db, a);
      if (!c) throw notFound('conversation');
      return execute(services, a, markRead, { conversationId: c.id, seq: body.seq });
    },
  }),
];
