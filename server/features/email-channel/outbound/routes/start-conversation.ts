/**
 * POST `/api/v1/email/conversations` (agents): start an email conversation with a customer — by
 * address (the contact is created when new), in an email inbox, with a subject and the first mail.
 * 201 with the conversation and the message; the same clientMessageId again answers 200 with them.
 */
import { z } from 'zod';
import { ConversationSchema, MessageSchema } from '../../../../../shared/dto.ts';
import { execute } from '../../../../core/commands/context.ts';
import { defineRoute } from '../../../../core/http/route.ts';
import {
  ClientMessageId,
  Email,
  Id,
  MessageContent,
  pathId,
} from '../../../../core/http/schemas.ts';
import { presentConversation, presentMessage } from '../../../../core/presenters/index.ts';
import { attachmentsOf } from '../../../../core/queries/messages.ts';
import { labelsOf } from '../../../../core/commands/lib/conversations.ts';
import { startEmailConversation } from '../start-conversation.ts';

export const startConversationRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/v1/email/conversations',
    auth: 'user',
    summary: 'Start an email conversation: contact by address, new conversation, first mail',
    tags: ['email'],
    status: 201,
    body: z.strictObject({
      inboxId: z.string(),
      to: Email,
      name: z.string().trim().max(200).nullable().default(null),
      subject: z.string().trim().min(1).max(300),
      content: MessageContent.refine((s) => s.trim().length > 0, 'required'),
      clientMessageId: ClientMessageId.optional(),
      attachmentIds: z.array(Id).max(10).default([]),
    }),
    response: z.strictObject({ conversation: ConversationSchema, message: MessageSchema }),
    handler: async ({ actor, body, reply, services }) => {
      const r = await execute(services, actor, startEmailConversation, {
        ...body,
        inboxId: pathId(body.inboxId) ?? '',
      });
      const db = services.database.db;
      const answer = {
        conversation: presentConversation(r.conversation, await labelsOf(db, r.conversation.id)),
        message: presentMessage(r.message, await attachmentsOf(db, [r.message.id])),
      };
      return r.duplicate ? reply.code(200).send(answer) : answer;
    },
  }),
];
