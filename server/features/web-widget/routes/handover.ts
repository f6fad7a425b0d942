/** Talk to a human: the visitor hands their conversation to the human queue now. */
import { z } from 'zod';
import { execute } from '../../../core/commands/context.ts';
import { requestHuman } from '../../../core/commands/request-human.ts';
import { notFound } from '../../../core/errors.ts';
import { defineRoute } from '../../../core/http/route.ts';
import { Locale } from '../../../core/http/schemas.ts';
import { parseJson, presentMessage } from '../../../core/presenters/index.ts';
import { currentConversation } from '../../../core/queries/conversations.ts';
import { contactActor, visitorConversation } from '../domain/visitor.ts';
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
      let locale = body.locale;
      if (!locale) {
        const contact = await db
          .selectFrom('contacts')
          .select('attributes')
          .where('id', '=', a.contactId)
          .executeTakeFirst();
        locale =
          parseJson<{ locale?: string }>(contact?.attributes, {}).locale === 'en' ? 'en' : 'zh-CN';
      }
      const r = await execute(services, a, requestHuman, {
        conversationId: c.id,
        reason: 'customer_request',
        locale: locale === 'en' ? 'en' : 'zh',
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
