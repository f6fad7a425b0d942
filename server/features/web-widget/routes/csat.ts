/** Satisfaction rating: whether one is offered for the current conversation, and giving it. */
import { z } from 'zod';
import { execute } from '../../../core/commands/context.ts';
import { conflict, isAppError } from '../../../core/errors.ts';
import { defineRoute } from '../../../core/http/route.ts';
import { Id } from '../../../core/http/schemas.ts';
import { currentConversation } from '../../../core/queries/conversations.ts';
import { CSAT_ALREADY_SUBMITTED, submitCsat } from '../commands/csat.ts';
import { contactActor } from '../domain/visitor.ts';
import { perVisitor } from './common.ts';
import { widgetResponses as W } from '../responses.ts';

export const csatRoutes = [
  defineRoute({
    method: 'GET',
    url: '/widget/v1/csat',
    auth: 'visitor',
    summary: 'Whether a satisfaction rating is offered for the current conversation',
    tags: ['widget'],
    response: W.CsatOffer,
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
    response: W.Csat,
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
];
