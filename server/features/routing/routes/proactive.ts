/** Proactive messages: contact events posted through the API, and the widget's page-view report. */
import { execute } from '../../../core/commands/context.ts';
import { unauthorized } from '../../../core/errors.ts';
import { defineRoute } from '../../../core/http/route.ts';
import { ContactEventBody, recordContactEvent } from '../rules/contact-events.ts';
import { onPageView, PageViewBody } from '../rules/page-view.ts';
import { routingResponses as R } from '../responses.ts';

export const proactiveRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/v1/automation/events',
    auth: 'user',
    status: 202,
    tags: ['automation'],
    response: R.ContactEvent,
    summary:
      'Record a contact event (e.g. order.delivered) for contact_event rules; idempotent on idempotencyKey',
    body: ContactEventBody,
    handler: async ({ actor, body, services }) =>
      execute(services, actor, recordContactEvent, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/widget/v1/page-view',
    auth: 'visitor',
    tags: ['widget'],
    response: R.PageView,
    summary:
      "The visitor's page and time on it; page_view rules may post a proactive message into their conversation",
    body: PageViewBody,
    rateLimit: {
      key: 'widget-page-view',
      limit: (s) => s.config.RATE_LIMIT_MESSAGES_PER_MIN,
      windowMs: 60_000,
      by: 'actor',
    },
    handler: async ({ actor, body, services }) => {
      if (actor.kind !== 'contact') throw unauthorized();
      return onPageView(services, actor, body);
    },
  }),
];
