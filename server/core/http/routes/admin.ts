/** Admin set-up: inboxes, agents, teams, labels (canned responses: features/canned). */
import { z } from 'zod';
import { createInbox, createTeam, updateInbox } from '../../commands/accounts.ts';
import { replaceTeamMembers } from '../../commands/visibility.ts';
import { refreshAudience } from '../../realtime/audience.ts';
import { deleteLabel, updateUser, createLabel } from '../../commands/catalog.ts';
import { execute } from '../../commands/context.ts';
import { notFound } from '../../errors.ts';
import { authorize } from '../../policies/can.ts';
import { presentInbox, presentUser } from '../../presenters/index.ts';
import { defineRoute } from '../route.ts';
import { Id, IdParams, Locale, Role, pathId } from '../schemas.ts';
import {
  InboxSchema,
  LabelSchema,
  TeamSchema,
  UserListItemSchema,
  UserSchema,
} from '../../../../shared/dto.ts';
import { listOf } from '../responses.ts';

const need = (raw: string, what: string) => {
  const id = pathId(raw);
  if (!id) throw notFound(what);
  return id;
};

const WidgetSettings = z.strictObject({
  color: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/)
    .optional(),
  greeting: z.record(Locale, z.string().max(500)).optional(),
  position: z.enum(['left', 'right']).optional(),
  preChatForm: z
    .strictObject({
      enabled: z.boolean(),
      fields: z.array(z.enum(['name', 'email', 'phone'])).max(3),
      required: z
        .array(z.enum(['name', 'email', 'phone']))
        .max(3)
        .optional(),
    })
    .optional(),
  allowedDomains: z
    .array(
      z
        .string()
        .trim()
        .toLowerCase()
        .regex(
          /^(\*\.)?[a-z0-9.-]+(:\d+)?$/,
          'a host name such as shop.example.com or *.example.com',
        ),
    )
    .max(50)
    .optional(),
  bot: z.strictObject({ mode: z.enum(['on', 'off', 'suggest']) }).optional(),
  requireIdentityVerification: z.boolean().optional(),
});

export const adminRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/inboxes',
    auth: 'user',
    summary: 'List inboxes',
    tags: ['inboxes'],
    response: listOf(InboxSchema),
    handler: async ({ actor, services }) => {
      authorize(actor, 'inbox.read');
      const rows = await services.database.db
        .selectFrom('inboxes')
        .selectAll()
        .where('account_id', '=', actor.accountId)
        .orderBy('created_at')
        .execute();
      const admin = actor.kind === 'user' && (actor.role === 'admin' || actor.role === 'owner');
      return { data: rows.map((r) => presentInbox(r, { includeSecrets: admin })) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/inboxes',
    auth: 'user',
    summary: 'Create an inbox',
    tags: ['inboxes'],
    response: InboxSchema,
    status: 201,
    body: z.strictObject({
      name: z.string().trim().min(1).max(100),
      channelType: z.enum(['web_widget', 'api', 'email', 'wechat_oa']),
      settings: WidgetSettings.optional(),
    }),
    handler: async ({ actor, body, services }) =>
      presentInbox(await execute(services, actor, createInbox, body), { includeSecrets: true }),
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/v1/inboxes/:id',
    auth: 'user',
    summary: 'Update inbox name or settings (applies at once)',
    tags: ['inboxes'],
    response: InboxSchema,
    params: IdParams,
    body: z.strictObject({
      name: z.string().trim().min(1).max(100).optional(),
      settings: WidgetSettings.optional(),
    }),
    handler: async ({ actor, params, body, services }) =>
      presentInbox(
        await execute(services, actor, updateInbox, { inboxId: need(params.id, 'inbox'), ...body }),
        { includeSecrets: true },
      ),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/users',
    auth: 'user',
    summary: 'List agents of the account',
    tags: ['users'],
    response: listOf(UserListItemSchema),
    handler: async ({ actor, services }) => {
      authorize(actor, 'user.read');
      const rows = await services.database.db
        .selectFrom('users')
        .selectAll()
        .where('account_id', '=', actor.accountId)
        .orderBy('name')
        .execute();
      return { data: rows.map((u) => ({ ...presentUser(u), disabled: !!u.disabled_at })) };
    },
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/v1/users/:id',
    auth: 'user',
    summary: "Change an agent's role, name or disable them",
    tags: ['users'],
    response: UserSchema,
    params: IdParams,
    body: z.strictObject({
      role: Role.optional(),
      name: z.string().trim().min(1).max(100).optional(),
      disabled: z.boolean().optional(),
    }),
    handler: async ({ actor, params, body, services }) => {
      const userId = need(params.id, 'user');
      const before = await services.database.db
        .selectFrom('users')
        .select('role')
        .where('account_id', '=', actor.accountId)
        .where('id', '=', userId)
        .executeTakeFirst();
      const user = await execute(services, actor, updateUser, { userId, ...body });
      // A disabled user or a changed role: their live sockets end now, on every node.
      if (body.disabled || (before && before.role !== user.role))
        services.signals?.endIdentity({ userId: user.id });
      return presentUser(user);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/teams',
    auth: 'user',
    summary: 'List teams with members',
    tags: ['teams'],
    response: listOf(TeamSchema),
    handler: async ({ actor, services }) => {
      const db = services.database.db;
      const teams = await db
        .selectFrom('teams')
        .selectAll()
        .where('account_id', '=', actor.accountId)
        .orderBy('name')
        .execute();
      const members = await db
        .selectFrom('team_members')
        .select(['team_id', 'user_id'])
        .where('account_id', '=', actor.accountId)
        .execute();
      return {
        data: teams.map((t) => ({
          id: t.id,
          name: t.name,
          description: t.description,
          memberIds: members.filter((m) => m.team_id === t.id).map((m) => m.user_id),
        })),
      };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/teams',
    auth: 'user',
    summary: 'Create a team',
    tags: ['teams'],
    response: TeamSchema,
    status: 201,
    body: z.strictObject({
      name: z.string().trim().min(1).max(100),
      description: z.string().max(500).optional(),
      memberIds: z.array(Id).max(500).optional(),
    }),
    handler: async ({ actor, body, services }) => {
      const t = await execute(services, actor, createTeam, body);
      await refreshAudience(services, actor.accountId, body.memberIds ?? []);
      return {
        id: t.id,
        name: t.name,
        description: t.description,
        memberIds: body.memberIds ?? [],
      };
    },
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/v1/teams/:id/members',
    auth: 'user',
    summary: "Replace a team's members",
    tags: ['teams'],
    response: z.object({ memberIds: z.array(z.string()) }),
    params: IdParams,
    body: z.strictObject({ memberIds: z.array(Id).max(500) }),
    handler: async ({ actor, params, body, services }) => {
      const r = await execute(services, actor, replaceTeamMembers, {
        teamId: need(params.id, 'team'),
        memberIds: body.memberIds,
      });
      // who joined or left sees other conversations now (realtime/audience.ts)
      await refreshAudience(services, actor.accountId, r.changed);
      return { memberIds: r.memberIds };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/labels',
    auth: 'user',
    summary: 'List labels',
    tags: ['labels'],
    response: listOf(LabelSchema),
    handler: async ({ actor, services }) => ({
      data: await services.database.db
        .selectFrom('labels')
        .select(['id', 'name', 'color'])
        .where('account_id', '=', actor.accountId)
        .orderBy('name')
        .execute(),
    }),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/labels',
    auth: 'user',
    summary: 'Create a label',
    tags: ['labels'],
    response: LabelSchema,
    status: 201,
    body: z.strictObject({
      name: z.string().trim().min(1).max(50),
      color: z
        .string()
        .regex(/^#[0-9a-fA-F]{6}$/)
        .default('#6b7280'),
    }),
    handler: async ({ actor, body, services }) => execute(services, actor, createLabel, body),
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/v1/labels/:id',
    auth: 'user',
    summary: 'Delete a label',
    tags: ['labels'],
    status: 204,
    params: IdParams,
    handler: async ({ actor, params, services }) => {
      await execute(services, actor, deleteLabel, { labelId: need(params.id, 'label') });
    },
  }),
];
