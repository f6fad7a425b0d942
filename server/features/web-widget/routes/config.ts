/** The public appearance settings and availability of a web-chat inbox (read by the loader). */
import { z } from 'zod';
import { defineRoute } from '../../../core/http/route.ts';
import { parseJson } from '../../../core/presenters/index.ts';
import { publicWidgetSettings } from '../domain/settings.ts';
import { inboxAvailability } from '../store/availability.ts';
import { inboxByToken } from '../store/visitor.ts';
import { checkOrigin, PageOrigin } from './common.ts';
import { widgetResponses as W } from '../responses.ts';

export const configRoutes = [
  defineRoute({
    method: 'GET',
    url: '/widget/v1/config',
    auth: 'none',
    summary: 'Public appearance settings of a web-chat inbox',
    tags: ['widget'],
    response: W.Config,
    query: z.strictObject({ token: z.string().min(1).max(100), origin: PageOrigin.optional() }),
    handler: async ({ query, req, reply, services }) => {
      // Public data, read by the loader on the customer's page (cross-origin); the allow-list still applies.
      reply.header('access-control-allow-origin', '*');
      const inbox = await inboxByToken(services.database.db, query.token);
      checkOrigin(req, inbox, query.origin);
      const availability = await inboxAvailability(
        services,
        inbox.account_id,
        inbox.id,
        services.clock.now(),
      );
      return {
        inbox: { name: inbox.name, settings: publicWidgetSettings(parseJson(inbox.settings, {})) },
        availability,
      };
    },
  }),
];
