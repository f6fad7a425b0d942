/** Routing settings (account / inbox / team layers) and agent routing profiles (skills, languages, capacity). */
import { z } from 'zod';
import { execute } from '../../../core/commands/context.ts';
import { changingConfig } from '../store/config-cache.ts';
import { notFound } from '../../../core/errors.ts';
import { defineRoute } from '../../../core/http/route.ts';
import { IdParams } from '../../../core/http/schemas.ts';
import { authorize } from '../../../core/policies/can.ts';
import { iso } from '../../../core/presenters/index.ts';
import { isOpen, nextOpenAt } from '../domain/business-hours.ts';
import { loadAgents, upsertProfile } from '../store/agents.ts';
import {
  readLayer,
  settingsFor,
  SettingsSchema,
  writeLayer,
  type Scope,
} from '../store/settings.ts';
import { idOr404 } from './queue.ts';
import { routingResponses as R } from '../responses.ts';

const ScopeParams = z.strictObject({ scope: z.enum(['inboxes', 'teams']), id: z.string() });

async function scopeOf(
  db: Parameters<typeof readLayer>[0],
  accountId: string,
  scope: 'inboxes' | 'teams',
  rawId: string,
): Promise<Scope> {
  const id = idOr404(rawId, scope === 'inboxes' ? 'inbox' : 'team');
  const table = scope === 'inboxes' ? 'inboxes' : 'teams';
  const row = await db
    .selectFrom(table)
    .select('id')
    .where('account_id', '=', accountId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound(scope === 'inboxes' ? 'inbox' : 'team');
  return { scope: scope === 'inboxes' ? 'inbox' : 'team', scopeId: id };
}

export const settingsRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/routing/settings',
    auth: 'user',
    summary: 'Account routing settings (stored layer and effective values)',
    tags: ['routing'],
    response: R.AccountSettings,
    handler: async ({ actor, services }) => {
      authorize(actor, 'inbox.read');
      const db = services.database.db;
      const now = services.clock.now();
      const eff = await settingsFor(db, actor.accountId);
      return {
        settings: await readLayer(db, actor.accountId, { scope: 'account', scopeId: '' }),
        effective: eff,
        open: isOpen(now, eff.businessHours),
        nextOpenAt: iso(nextOpenAt(now, eff.businessHours)),
      };
    },
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/v1/routing/settings',
    auth: 'user',
    summary: 'Replace the account routing settings',
    tags: ['routing'],
    response: R.Settings,
    body: SettingsSchema,
    handler: async ({ actor, body, services }) =>
      changingConfig(
        actor.accountId,
        execute(
          services,
          actor,
          async (ctx) => {
            authorize(ctx.actor, 'account.manage');
            await writeLayer(
              ctx.tx,
              ctx.accountId,
              { scope: 'account', scopeId: '' },
              body,
              ctx.now,
            );
            return { settings: body };
          },
          null,
        ),
      ),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/routing/settings/:scope/:id',
    auth: 'user',
    summary: 'Routing settings of an inbox or team',
    tags: ['routing'],
    response: R.Settings,
    params: ScopeParams,
    handler: async ({ actor, params, services }) => {
      authorize(actor, 'inbox.read');
      const db = services.database.db;
      const s = await scopeOf(db, actor.accountId, params.scope, params.id);
      return { settings: await readLayer(db, actor.accountId, s) };
    },
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/v1/routing/settings/:scope/:id',
    auth: 'user',
    summary: 'Replace the routing settings of an inbox or team',
    tags: ['routing'],
    response: R.Settings,
    params: ScopeParams,
    body: SettingsSchema,
    handler: async ({ actor, params, body, services }) =>
      changingConfig(
        actor.accountId,
        execute(
          services,
          actor,
          async (ctx) => {
            authorize(ctx.actor, 'inbox.manage');
            await writeLayer(
              ctx.tx,
              ctx.accountId,
              await scopeOf(ctx.tx, ctx.accountId, params.scope, params.id),
              body,
              ctx.now,
            );
            return { settings: body };
          },
          null,
        ),
      ),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/routing/agents',
    auth: 'user',
    summary: 'Agents with availability, skills, capacity and live load',
    tags: ['routing'],
    response: R.Agents,
    handler: async ({ actor, services }) => {
      authorize(actor, 'user.read');
      const s = await settingsFor(services.database.db, actor.accountId);
      return { data: await loadAgents(services.database.db, actor.accountId, s.defaultCapacity) };
    },
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/v1/routing/agents/:id',
    auth: 'user',
    summary: "Set an agent's skills (levels 1–5), languages and capacity per channel",
    tags: ['routing'],
    response: R.Ok,
    params: IdParams,
    body: z.strictObject({
      skills: z
        .record(z.string().min(1).max(60), z.number().int().min(1).max(5))
        .refine((r) => Object.keys(r).length <= 50, 'at most 50 skills')
        .optional(),
      languages: z.array(z.string().min(2).max(10)).max(10).optional(),
      capacity: z
        .record(z.string().min(1).max(40), z.number().int().min(0).max(100))
        .refine((r) => Object.keys(r).length <= 20, 'at most 20 channels')
        .optional(),
    }),
    handler: async ({ actor, params, body, services }) =>
      execute(
        services,
        actor,
        async (ctx) => {
          authorize(ctx.actor, 'team.manage');
          const id = idOr404(params.id, 'user');
          const u = await ctx.tx
            .selectFrom('users')
            .select('id')
            .where('account_id', '=', ctx.accountId)
            .where('id', '=', id)
            .executeTakeFirst();
          if (!u) throw notFound('user');
          await upsertProfile(ctx.tx, ctx.accountId, id, body, ctx.now);
          await ctx.events.record('routing.agent_updated', { userId: id }); // capacity may have grown: the queue moves
          return { ok: true };
        },
        null,
      ),
  }),
];
