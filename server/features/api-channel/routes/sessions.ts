/**
 * Live apps: the app's server trades its inbox token and a user's external id for a visitor token of
 * that user's contact in this inbox, and hands it to its client, which then speaks the widget's
 * `/visitor` socket protocol (`auth.token`; `message:send`, `typing`, `read`, `sync`; `message`,
 * `conversation`, `typing`, `read` events). The inbox token itself never leaves the app's server.
 */
import { z } from 'zod';
import { defineRoute } from '../../../core/http/route.ts';
import { signVisitorToken } from '../../../core/lib/visitor-token.ts';
import { presentConversation } from '../../../core/presenters/index.ts';
import { currentConversation } from '../../../core/queries/conversations.ts';
import { resolveApiContact } from '../commands/contact.ts';
import { apiConversation } from '../domain/present.ts';
import { ContactInput, SessionSchema } from '../schemas.ts';
import { authenticateInbox } from '../store/inbox.ts';

export const sessionRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/v1/channels/api/:inboxId/sessions',
    auth: 'none',
    summary:
      "A visitor token for one of the app's users, for the /visitor socket (Authorization: Bearer <inbox token>)",
    tags: ['api-channel'],
    params: z.strictObject({ inboxId: z.string() }),
    body: z.strictObject({ contact: ContactInput }),
    response: SessionSchema,
    handler: async ({ params, body, req, services }) => {
      const access = await authenticateInbox(services.database.db, req, params.inboxId);
      const { externalId, ...profile } = body.contact;
      const contactId = await resolveApiContact(services, access.accountId, {
        inboxId: access.inboxId,
        externalId,
        ...profile,
      });
      const actor = {
        kind: 'contact' as const,
        contactId,
        accountId: access.accountId,
        inboxId: access.inboxId,
      };
      const conversation = await currentConversation(services.database.db, actor);
      return {
        visitorToken: signVisitorToken(services.secret, {
          accountId: access.accountId,
          inboxId: access.inboxId,
          contactId,
          issuedAt: services.clock.now(),
        }),
        visitorTokenExpiresIn: services.config.VISITOR_TOKEN_DAYS * 86_400,
        contact: { id: contactId, externalId },
        conversation: conversation ? apiConversation(presentConversation(conversation)) : null,
      };
    },
  }),
];
