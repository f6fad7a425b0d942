/** Resume over REST: the account's events after a cursor (those the caller may see), or a resync instruction. */
import { z } from 'zod';
import { authorize } from '../../policies/can.ts';
import { visibilityOf } from '../../policies/visibility.ts';
import { eventsSince, forRole, visibleEvents } from '../../queries/events.ts';
import { defineRoute } from '../route.ts';
import { EventsSince } from '../responses.ts';

export const eventRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/events',
    auth: 'user',
    summary: 'Events after a cursor (resume); resync=true when too far behind',
    tags: ['events'],
    response: EventsSince,
    query: z.strictObject({
      after: z.coerce.number().int().min(0),
      limit: z.coerce.number().int().min(1).max(1000).default(500),
    }),
    handler: async ({ actor, query, services }) => {
      authorize(actor, 'conversation.read');
      const db = services.database.db;
      const r = await eventsSince(db, actor.accountId, query.after, query.limit);
      const visible = await visibleEvents(db, actor.accountId, await visibilityOf(db, actor), r);
      return forRole(visible, actor.kind === 'user' ? actor.role : '');
    },
  }),
];
