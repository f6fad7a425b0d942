/**
 * POST /api/v1/conversations/:id/wechat/messages: the composer's send for WeChat conversations.
 * Like the core's reply route, but a reply the platform would refuse is refused here (409 with a
 * stable code, both languages and fallbacks) instead of being stored and then failing.
 */
import { z } from 'zod';
import { execute } from '../../../core/commands/context.ts';
import { notFound } from '../../../core/errors.ts';
import { defineRoute } from '../../../core/http/route.ts';
import {
  ClientMessageId,
  Id,
  IdParams,
  MessageContent,
  pathId,
} from '../../../core/http/schemas.ts';
import { presentMessage } from '../../../core/presenters/index.ts';
import { attachmentsOf } from '../../../core/queries/messages.ts';
import { MessageSchema } from '../../../../shared/dto.ts';
import { sendWechatReply } from '../commands/send-reply.ts';

export const sendRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/v1/conversations/:id/wechat/messages',
    auth: 'user',
    summary:
      'Reply in a WeChat conversation; refused with 409 when the reply window is closed or used up (idempotent on clientMessageId)',
    tags: ['wechat-channel'],
    params: IdParams,
    status: 201,
    response: MessageSchema,
    body: z
      .strictObject({
        content: MessageContent.default(''),
        clientMessageId: ClientMessageId.optional(),
        attachmentIds: z.array(Id).max(10).default([]),
      })
      .refine((b) => b.content.trim().length > 0 || b.attachmentIds.length > 0, {
        message: 'content or attachments are required',
        path: ['content'],
      }),
    handler: async ({ actor, params, body, reply, services }) => {
      const id = pathId(params.id);
      if (!id) throw notFound('conversation');
      const r = await execute(services, actor, sendWechatReply, { conversationId: id, ...body });
      const db = services.database.db;
      const message = await db
        .selectFrom('messages')
        .selectAll()
        .where('id', '=', r.message.id)
        .executeTakeFirstOrThrow();
      const dto = presentMessage(message, await attachmentsOf(db, [message.id]));
      return r.duplicate ? reply.code(200).send(dto) : dto;
    },
  }),
];
