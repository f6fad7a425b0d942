/** Talk to a human: the visitor hands their conversation to the human queue now. */
import { z } from 'zod';
import { execute } from '../../../core/commands/context.ts';
import { requestHuman } from '../../../core/commands/request-human.ts';
import { notFound } from '../../../core/errors.ts';
import { defineRoute } from '../../../core/http/route.ts';
import { Locale } from '../../../core/http/schemas.ts';
import { presentMessage } from '../../../core/presenters/index.ts';
import { currentConversation } from '../../../core/queries/conversations.ts';
import { contactActor, visitorConversation } from '../domain/visitor.ts';
import { reportLocale } from '../commands/locale.ts';
import { perVisitor } from './common.ts';
import { widgetResponses as W } from '../responses.ts';

export const handoverRoutes = [
  defineRoute({
    method: 'POST',
    url: '/widget/v1/handover',
    auth: 'visitor',
    summary: 'Talk to a human: hand the conversation to the human queue now',
    tags: ['widget'],
    response: W.Handover,
    body: z.strictObject({ locale: Locale.optional() }),
    rateLimit: perVisitor('widget-handover', 10),
    handler: async ({ actor, body, services }) => {
      const a = contactActor(actor);
      const db = services.database.db;
      const c = await currentConversation(db, a);
      if (!c) throw notFound('conversation');
      // The notice is in the conversation's customer language (what they write in, else the
      // language the widget shows, reported here), the same as every other text Kefu sends them.
      if (body.locale) await reportLocale(services, a, body.locale);
      const r = await execute(services, a, requestHuman, {
        conversationId: c.id,
        reason: 'customer_request',
      });
      const notice = await db
        .selectFrom('messages')
        .selectAll()
        .where('conversation_id', '=', c.id)
        .where('seq', '=', Number(r.conversation.last_seq))
        .executeTakeFirst();
      return {
        conversation: visitorConversation(r.conversation),
        message: notice ? presentMessage(notice) : null,
      };
    },
  }),
];
