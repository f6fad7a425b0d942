/**
 * What agents may see (policies/visibility.ts): the account's "restrict agents to their inboxes and
 * teams" setting and inbox membership (team membership is `PUT /api/v1/teams/:id/members`). A change
 * ends the affected agents' live sockets, which reconnect into their new rooms (realtime/audience.ts).
 */
import { z } from 'zod';
import { execute } from '../../commands/context.ts';
import { inboxMembers, setInboxMembers, setRestrictAgents } from '../../commands/visibility.ts';
import { notFound } from '../../errors.ts';
import { authorize } from '../../policies/can.ts';
import { restrictsAgents } from '../../policies/visibility.ts';
import { endSockets, refreshAudience } from '../../realtime/audience.ts';
import { defineRoute } from '../route.ts';
import { Id, IdParams, pathId } from '../schemas.ts';

const Setting = z.object({ restrictAgentsToMembership: z.boolean() });
const Members = z.object({ memberIds: z.array(z.string()) });

const inboxId = (raw: string) => {
  const id = pathId(raw);
  if (!id) throw notFound('inbox');
  return id;
};

export const visibilityRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/account/visibility',
    auth: 'user',
    summary: 'Whether agents see only the conversations of their inboxes, teams and assignments',
    tags: ['account'],
    response: Setting,
    handler: async ({ actor, services }) => {
      const a = await services.database.db
        .selectFrom('accounts')
        .select('settings')
        .where('id', '=', actor.accountId)
        .executeTakeFirst();
      if (!a) throw notFound('account');
      return { restrictAgentsToMembership: restrictsAgents(a.settings) };
    },
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/v1/account/visibility',
    auth: 'user',
    summary:
      'Restrict agents to the conversations of their inboxes, teams and assignments (owners, admins)',
    tags: ['account'],
    response: Setting,
    body: z.strictObject({ restrictAgentsToMembership: z.boolean() }),
    handler: async ({ actor, body, services }) => {
      const r = await execute(services, actor, setRestrictAgents, body);
      endSockets(services, r.affected);
      return { restrictAgentsToMembership: r.restrictAgentsToMembership };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/inboxes/:id/members',
    auth: 'user',
    summary: "An inbox's members (the agents who see it when agents are restricted)",
    tags: ['inboxes'],
    response: Members,
    params: IdParams,
    handler: async ({ actor, params, services }) => {
      authorize(actor, 'inbox.read');
      const db = services.database.db;
      const id = inboxId(params.id);
      const inbox = await db
        .selectFrom('inboxes')
        .select('id')
        .where('account_id', '=', actor.accountId)
        .where('id', '=', id)
        .executeTakeFirst();
      if (!inbox) throw notFound('inbox');
      return { memberIds: await inboxMembers({ tx: db, accountId: actor.accountId }, inbox.id) };
    },
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/v1/inboxes/:id/members',
    auth: 'user',
    summary: "Replace an inbox's members (admins)",
    tags: ['inboxes'],
    response: Members,
    params: IdParams,
    body: z.strictObject({ memberIds: z.array(Id).max(500) }),
    handler: async ({ actor, params, body, services }) => {
      const r = await execute(services, actor, setInboxMembers, {
        inboxId: inboxId(params.id),
        memberIds: body.memberIds,
      });
      await refreshAudience(services, actor.accountId, r.changed);
      return { memberIds: r.memberIds };
    },
  }),
];
