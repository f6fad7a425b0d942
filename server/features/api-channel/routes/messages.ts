/**
 * The app's messages: send on behalf of one of its users (inbox token; idempotent on clientMessageId:
 * 201 for a new message, 200 with the first one for a retry), and read a conversation's public
 * history by seq.
 */
import { z } from 'zod';
import { execute } from '../../../core/commands/context.ts';
import { receiveMessage } from '../../../core/commands/receive-message.ts';
import { defineRoute } from '../../../core/http/route.ts';
import { presentConversation, presentMessage } from '../../../core/presenters/index.ts';
import { attachmentsOf, listMessages } from '../../../core/queries/messages.ts';
import { resolveApiContact } from '../commands/contact.ts';
import { apiConversation, apiMessage } from '../domain/present.ts';
import { HistorySchema, SendBody, SentSchema } from '../schemas.ts';
import { authenticateInbox } from '../store/inbox.ts';
import { inboxConversation, senderNames } from '../store/messages.ts';

const InboxParams = z.strictObject({ inboxId: z.string() });
const TAGS = ['api-channel'];

export const messageRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/v1/channels/api/:inboxId/messages',
    auth: 'none',
    summary:
      "Send a customer message from the app (Authorization: Bearer <inbox token>); 201 new, 200 a retry's first message",
    tags: TAGS,
    params: InboxParams,
    body: SendBody,
    response: SentSchema,
    status: 201,
    handler: async ({ params, body, req, reply, services }) => {
      const db = services.database.db;
      const access = await authenticateInbox(db, req, params.inboxId);
      const { externalId, ...profile } = body.contact;
      const contactId = await resolveApiContact(services, access.accountId, {
        inboxId: access.inboxId,
        externalId,
        ...profile,
      });
      const r = await execute(
        services,
        { kind: 'contact', contactId, accountId: access.accountId, inboxId: access.inboxId },
        receiveMessage,
        {
          inboxId: access.inboxId,
          contactId,
          content: body.content,
          clientMessageId: body.clientMessageId,
          attachmentIds: body.attachmentIds,
        },
      );
      const message = presentMessage(r.message, await attachmentsOf(db, [r.message.id]));
      const answer = {
        message: apiMessage(access.inboxId, message),
        conversation: apiConversation(presentConversation(r.conversation)),
        contact: { id: contactId, externalId },
        duplicate: r.duplicate,
      };
      return r.duplicate ? reply.code(200).send(answer) : answer;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/channels/api/:inboxId/conversations/:id/messages',
    auth: 'none',
    summary:
      "A conversation's public messages by seq, oldest first after `after` (Authorization: Bearer <inbox token>)",
    tags: TAGS,
    params: z.strictObject({ inboxId: z.string(), id: z.string() }),
    query: z.strictObject({
      after: z.coerce.number().int().min(0).default(0),
      limit: z.coerce.number().int().min(1).max(100).default(50),
    }),
    response: HistorySchema,
    handler: async ({ params, query, req, services }) => {
      const db = services.database.db;
      const access = await authenticateInbox(db, req, params.inboxId);
      const conversation = await inboxConversation(db, access, params.id);
      const page = await listMessages(db, {
        accountId: access.accountId,
        conversationId: conversation.id,
        afterSeq: query.after,
        limit: query.limit,
        visitorView: true,
      });
      const names = await senderNames(db, access.accountId, page.messages);
      return {
        data: page.messages.map((m) =>
          apiMessage(access.inboxId, m, m.sender.id ? (names.get(m.sender.id) ?? null) : null),
        ),
        hasMore: page.hasMore,
        conversation: apiConversation(presentConversation(conversation)),
      };
    },
  }),
];
