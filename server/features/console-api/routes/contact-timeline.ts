/**
 * A contact's conversations across every inbox and channel, newest first, including conversations
 * of contacts merged into it (merging moves them, but a retired contact's id still resolves here).
 */
import { z } from 'zod';
import { notFound } from '../../../core/errors.ts';
import { defineRoute } from '../../../core/http/route.ts';
import { IdParams, Limit, pathId } from '../../../core/http/schemas.ts';
import { authorize } from '../../../core/policies/can.ts';
import { visibilityOf } from '../../../core/policies/visibility.ts';
import { contactFamily, contactTimeline } from '../store/contact-timeline.ts';
import { consoleResponses } from '../responses.ts';

export const contactTimelineRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/contacts/:id/conversations',
    auth: 'user',
    summary: 'All conversations of a contact across inboxes and channels, newest first',
    tags: ['contacts'],
    response: consoleResponses.Timeline,
    params: IdParams,
    query: z.strictObject({ limit: Limit, cursor: z.string().max(500).optional() }),
    handler: async ({ actor, params, query, services }) => {
      authorize(actor, 'contact.read');
      const id = pathId(params.id);
      const db = services.database.db;
      const family = id ? await contactFamily(db, actor.accountId, id) : null;
      if (!family) throw notFound('contact');
      return {
        contactId: family.rootId,
        ...(await contactTimeline(
          db,
          actor.accountId,
          family.ids,
          query.limit,
          query.cursor,
          await visibilityOf(db, actor),
        )),
      };
    },
  }),
];
