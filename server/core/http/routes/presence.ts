/** The account's availability at sign-in (commands/presence.ts): read by its users, set by owners and admins. */
import { z } from 'zod';
import { execute } from '../../commands/context.ts';
import {
  presenceSettings,
  SIGN_IN_AVAILABILITIES,
  setPresenceSettings,
} from '../../commands/presence.ts';
import { notFound } from '../../errors.ts';
import { defineRoute } from '../route.ts';

const Setting = z.object({ availabilityAtSignIn: z.enum(SIGN_IN_AVAILABILITIES) });

export const presenceRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/account/presence',
    auth: 'user',
    summary:
      'Availability at sign-in: online (the default) or offline (agents go online themselves)',
    tags: ['account'],
    response: Setting,
    handler: async ({ actor, services }) => {
      const a = await services.database.db
        .selectFrom('accounts')
        .select('settings')
        .where('id', '=', actor.accountId)
        .executeTakeFirst();
      if (!a) throw notFound('account');
      return presenceSettings(a.settings);
    },
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/v1/account/presence',
    auth: 'user',
    summary: 'Set the availability at sign-in (owners, admins)',
    tags: ['account'],
    response: Setting,
    body: z.strictObject({ availabilityAtSignIn: z.enum(SIGN_IN_AVAILABILITIES) }),
    handler: async ({ actor, body, services }) =>
      execute(services, actor, setPresenceSettings, body),
  }),
];
