/** Leave a message when nobody is online: the visitor's name and email, and their message. */
import { z } from 'zod';
import { execute } from '../../../core/commands/context.ts';
import { receiveMessage } from '../../../core/commands/receive-message.ts';
import { defineRoute } from '../../../core/http/route.ts';
import { ClientMessageId, Email, MessageContent } from '../../../core/http/schemas.ts';
import { presentMessage } from '../../../core/presenters/index.ts';
import { updateVisitorProfile } from '../commands/profile.ts';
import { parseWidgetContext } from '../domain/context.ts';
import { contactActor, visitorConversation } from '../domain/visitor.ts';
import { Name, perVisitor } from './common.ts';
import { widgetResponses as W } from '../responses.ts';

export const offlineMessageRoutes = [
  defineRoute({
    method: 'POST',
    url: '/widget/v1/offline-message',
    auth: 'visitor',
    summary: 'Leave a message when nobody is online (name, email, message)',
    tags: ['widget'],
    response: W.Sent,
    status: 201,
    body: z.strictObject({
      name: Name,
      email: Email,
      content: MessageContent.refine((s) => s.trim().length > 0, 'required'),
      clientMessageId: ClientMessageId,
      context: z.unknown().optional().meta({
        description: 'Page context, as for POST /widget/v1/messages (422 invalid_context)',
      }),
    }),
    rateLimit: perVisitor('widget-offline', 10),
    handler: async ({ actor, body, services }) => {
      const a = contactActor(actor);
      const context = parseWidgetContext(body.context);
      await execute(services, a, updateVisitorProfile, { name: body.name, email: body.email });
      const r = await execute(services, a, receiveMessage, {
        inboxId: a.inboxId,
        contactId: a.contactId,
        content: body.content,
        clientMessageId: body.clientMessageId,
        attributes: {
          source: 'offline_form',
          replyTo: body.email,
          ...(context ? { context } : {}),
        },
        ...(context ? { conversationAttributes: { context } } : {}),
      });
      return {
        message: presentMessage(r.message),
        conversation: visitorConversation(r.conversation),
      };
    },
  }),
];
