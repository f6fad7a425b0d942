/** Pre-chat form: the visitor's own name, email and phone. */
import { z } from 'zod';
import { execute } from '../../../core/commands/context.ts';
import { defineRoute } from '../../../core/http/route.ts';
import { Email } from '../../../core/http/schemas.ts';
import { updateVisitorProfile } from '../commands/profile.ts';
import { contactActor } from '../domain/visitor.ts';
import { Name, Phone, perVisitor } from './common.ts';
import { widgetResponses as W } from '../responses.ts';

export const profileRoutes = [
  defineRoute({
    method: 'POST',
    url: '/widget/v1/profile',
    auth: 'visitor',
    summary: "Pre-chat form: the visitor's name, email, phone",
    tags: ['widget'],
    response: W.Profile,
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
];
