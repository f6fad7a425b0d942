/** SLA policies (admin) and each conversation's SLA status (console). */
import { z } from 'zod';
import { execute } from '../../../core/commands/context.ts';
import { changingConfig, routingConfigChanged } from '../store/config-cache.ts';
import { loadConversation } from '../../../core/commands/lib/conversations.ts';
import { notFound } from '../../../core/errors.ts';
import { defineRoute } from '../../../core/http/route.ts';
import { Id, IdParams, Priority } from '../../../core/http/schemas.ts';
import { newId } from '../../../core/lib/ids.ts';
import { authorize } from '../../../core/policies/can.ts';
import { policiesOf, slaStatus } from '../commands/sla.ts';
import { idOr404 } from './queue.ts';
import { routingResponses as R } from '../responses.ts';

const Minutes = z
  .number()
  .positive()
  .max(60 * 24 * 90);
const PolicyBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  inboxId: Id.nullable().default(null),
  priority: Priority.nullable().default(null),
  firstResponseMinutes: Minutes.default(2),
  nextResponseMinutes: Minutes.nullable().default(null),
  resolutionMinutes: Minutes.nullable().default(null),
  warnAtPercent: z.number().int().min(1).max(99).default(80),
  businessHoursOnly: z.boolean().default(true),
});

const min = (m: number | null) => (m == null ? null : Math.round(m * 60_000));
const present = (p: Awaited<ReturnType<typeof policiesOf>>[number]) => ({
  id: p.id,
  name: p.name,
  inboxId: p.inboxId,
  priority: p.priority,
  firstResponseMinutes: p.firstResponseMs / 60_000,
  nextResponseMinutes: p.nextResponseMs == null ? null : p.nextResponseMs / 60_000,
  resolutionMinutes: p.resolutionMs == null ? null : p.resolutionMs / 60_000,
  warnAtPercent: Math.round(p.warnAt * 100),
  businessHoursOnly: p.businessHoursOnly,
});

export const slaRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/sla-policies',
    auth: 'user',
    summary: 'SLA policies',
    tags: ['sla'],
    response: R.Policies,
    handler: async ({ actor, services }) => {
      authorize(actor, 'inbox.read');
      return { data: (await policiesOf(services.database.db, actor.accountId)).map(present) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/sla-policies',
    auth: 'user',
    summary: 'Create an SLA policy (per priority and/or inbox)',
    tags: ['sla'],
    response: R.Policy,
    body: PolicyBody,
    status: 201,
    handler: async ({ actor, body, services }) =>
      changingConfig(
        actor.accountId,
        execute(
          services,
          actor,
          async (ctx) => {
            routingConfigChanged(ctx.accountId);
            authorize(ctx.actor, 'account.manage');
            if (body.inboxId) {
              const inbox = await ctx.tx
                .selectFrom('inboxes')
                .select('id')
                .where('account_id', '=', ctx.accountId)
                .where('id', '=', body.inboxId)
                .executeTakeFirst();
              if (!inbox) throw notFound('inbox');
            }
            const id = newId(ctx.now);
            await ctx.tx
              .insertInto('sla_policies')
              .values({
                id,
                account_id: ctx.accountId,
                name: body.name,
                inbox_id: body.inboxId,
                priority: body.priority,
                first_response_ms: min(body.firstResponseMinutes)!,
                next_response_ms: min(body.nextResponseMinutes),
                resolution_ms: min(body.resolutionMinutes),
                warn_pct: body.warnAtPercent,
                business_hours: body.businessHoursOnly ? 1 : 0,
                created_at: ctx.now,
                updated_at: ctx.now,
              })
              .execute();
            return present((await policiesOf(ctx.tx, ctx.accountId)).find((p) => p.id === id)!);
          },
          null,
        ),
      ),
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/v1/sla-policies/:id',
    auth: 'user',
    summary: 'Delete an SLA policy',
    tags: ['sla'],
    status: 204,
    params: IdParams,
    handler: async ({ actor, params, services }) =>
      changingConfig(
        actor.accountId,
        execute(
          services,
          actor,
          async (ctx) => {
            routingConfigChanged(ctx.accountId);
            authorize(ctx.actor, 'account.manage');
            const res = await ctx.tx
              .deleteFrom('sla_policies')
              .where('account_id', '=', ctx.accountId)
              .where('id', '=', idOr404(params.id, 'SLA policy'))
              .executeTakeFirst();
            if (!Number(res.numDeletedRows)) throw notFound('SLA policy');
          },
          null,
        ),
      ),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/conversations/:id/sla',
    auth: 'user',
    summary: 'SLA timers of a conversation (state, due time, remaining business time)',
    tags: ['sla'],
    response: R.Timers,
    params: IdParams,
    handler: async ({ actor, params, services }) => {
      authorize(actor, 'conversation.read');
      const db = services.database.db;
      const c = await loadConversation(db, actor.accountId, idOr404(params.id));
      return { data: await slaStatus(db, actor.accountId, c, services.clock.now()) };
    },
  }),
];
