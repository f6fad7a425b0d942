/** Widget endpoints of the widget feature: talk to a human, satisfaction rating, pre-chat profile, offline message. */
import { z } from 'zod';
import { execute } from '../../core/commands/context.ts';
import { receiveMessage } from '../../core/commands/receive-message.ts';
import { requestHuman } from '../../core/commands/request-human.ts';
import { conflict, isAppError, notFound } from '../../core/errors.ts';
import { defineRoute } from '../../core/http/route.ts';
import { contactActor, currentConversation, visitorConversation } from './routes/widget.ts';
import { ClientMessageId, Email, Id, Locale, MessageContent } from '../../core/http/schemas.ts';
import { presentMessage, parseJson } from '../../core/presenters/index.ts';
import { CSAT_ALREADY_SUBMITTED, submitCsat, updateVisitorProfile } from './commands.ts';
import { parseWidgetContext } from './context.ts';

const perVisitor = (key: string, limit: number) => ({
  key,
  limit: () => limit,
  windowMs: 60_000,
  by: 'actor' as const,
});
const Name = z.string().trim().min(1).max(200);
const Phone = z
  .string()
  .trim()
  .min(3)
  .max(40)
  .regex(/^[0-9+()\-.\s]+$/, 'digits, spaces and + ( ) - . only');

export const widgetFeatureRoutes = [
  defineRoute({
    method: 'POST',
    url: '/widget/v1/handover',
    auth: 'visitor',
    summary: 'Talk to a human: hand the conversation to the human queue now',
    tags: ['widget'],
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
  defineRoute({
    method: 'GET',
    url: '/widget/v1/csat',
    auth: 'visitor',
    summary: 'Whether a satisfaction rating is offered for the current conversation',
    tags: ['widget'],
    handler: async ({ actor, services }) => {
      const a = contactActor(actor);
      const db = services.database.db;
      const c = await currentConversation(db, a);
      if (!c || c.status !== 'resolved' || c.resolved_at == null)
        return { conversationId: c?.id ?? null, pending: false, rating: null };
      const row = await db
        .selectFrom('widget_csat')
        .select(['rating'])
        .where('conversation_id', '=', c.id)
        .where('resolved_at', '=', Number(c.resolved_at))
        .executeTakeFirst();
      return { conversationId: c.id, pending: !row, rating: row ? Number(row.rating) : null };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/widget/v1/csat',
    auth: 'visitor',
    summary: 'Rate a resolved conversation (1–5, once per resolution)',
    tags: ['widget'],
    status: 201,
    body: z.strictObject({
      conversationId: Id,
      rating: z.number().int().min(1).max(5),
      comment: z.string().max(1000).optional(),
    }),
    rateLimit: perVisitor('widget-csat', 10),
    handler: async ({ actor, body, services }) => {
      const a = contactActor(actor);
      try {
        return await execute(services, a, submitCsat, body);
      } catch (err) {
        if (isAppError(err)) throw err;
        // Two ratings racing: the unique (conversation, resolution) constraint let only one commit.
        const row = await services.database.db
          .selectFrom('widget_csat')
          .select('id')
          .where('conversation_id', '=', body.conversationId)
          .executeTakeFirst();
        if (row)
          throw conflict(CSAT_ALREADY_SUBMITTED, 'This conversation has already been rated.');
        throw err;
      }
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/widget/v1/profile',
    auth: 'visitor',
    summary: "Pre-chat form: the visitor's name, email, phone",
    tags: ['widget'],
    body: z.strictObject({
      name: Name.optional(),
      email: Email.optional(),
      phone: Phone.optional(),
    }),
    rateLimit: perVisitor('widget-profile', 20),
    handler: async ({ actor, body, services }) => {
      const c = await execute(services, contactActor(actor), updateVisitorProfile, body);
      return { contact: { id: c.id, name: c.name, email: c.email, phone: c.phone } };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/widget/v1/offline-message',
    auth: 'visitor',
    summary: 'Leave a message when nobody is online (name, email, message)',
    tags: ['widget'],
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
