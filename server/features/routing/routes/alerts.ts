/** Supervisor alerts: list, join (acknowledge and open), take over (assign to me). */
import { z } from 'zod';
import { assignConversation } from '../../../core/commands/assign-conversation.ts';
import { execute } from '../../../core/commands/context.ts';
import { notFound, unauthorized } from '../../../core/errors.ts';
import { defineRoute } from '../../../core/http/route.ts';
import { IdParams } from '../../../core/http/schemas.ts';
import { authorize } from '../../../core/policies/can.ts';
import { iso } from '../../../core/presenters/index.ts';
import type { RoutingAlertsTable } from '../tables.ts';
import { idOr404 } from './queue.ts';
import { routingResponses as R } from '../responses.ts';
import { whoOf } from '../store/who.ts';

const present = (a: RoutingAlertsTable) => ({
  id: a.id,
  conversationId: a.conversation_id,
  kind: a.kind,
  intensity: Number(a.intensity) / 100,
  createdAt: iso(a.created_at),
  acknowledgedBy: a.acknowledged_by,
  answeredAt: iso(a.answered_at),
  responseMs: a.response_ms == null ? null : Number(a.response_ms),
});

export const alertRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/routing/alerts',
    auth: 'user',
    summary: 'Supervisor alerts (anger, unanswered human requests), newest first',
    tags: ['routing'],
    response: R.Alerts,
    query: z.strictObject({
      open: z.enum(['true', 'false']).optional(),
      limit: z.coerce.number().int().min(1).max(100).default(50),
    }),
    handler: async ({ actor, query, services }) => {
      authorize(actor, 'supervise');
      let q = services.database.db
        .selectFrom('routing_alerts')
        .selectAll()
        .where('account_id', '=', actor.accountId);
      if (query.open === 'true') q = q.where('answered_at', 'is', null);
      const rows = await q.orderBy('created_at', 'desc').limit(query.limit).execute();
      const who = await whoOf(services.database.db, actor.accountId, [
        ...new Set(rows.map((r) => r.conversation_id)),
      ]);
      return {
        data: rows.map((r) => {
          const w = who.get(r.conversation_id);
          return {
            ...present(r),
            displayId: w?.displayId ?? 0,
            contactName: w?.contactName ?? null,
            channel: w?.channel ?? null,
            lastMessage: w?.lastMessage ?? null,
          };
        }),
      };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/routing/alerts/:id/join',
    auth: 'user',
    summary: 'Join: acknowledge the alert and open the conversation',
    tags: ['routing'],
    response: R.Alert,
    params: IdParams,
    handler: async ({ actor, params, services }) =>
      execute(
        services,
        actor,
        async (ctx) => {
          authorize(ctx.actor, 'supervise');
          if (ctx.actor.kind !== 'user') throw unauthorized();
          const row = await ctx.tx
            .updateTable('routing_alerts')
            .set({ acknowledged_by: ctx.actor.userId })
            .where('account_id', '=', ctx.accountId)
            .where('id', '=', idOr404(params.id, 'alert'))
            .returningAll()
            .executeTakeFirst();
          if (!row) throw notFound('alert');
          return present(row);
        },
        null,
      ),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/routing/alerts/:id/take-over',
    auth: 'user',
    summary: 'Take over: assign the conversation to me (allowed over my capacity)',
    tags: ['routing'],
    response: R.Alert,
    params: IdParams,
    body: z.strictObject({ force: z.boolean().optional() }).optional(),
    handler: async ({ actor, params, body, services }) =>
      execute(
        services,
        actor,
        async (ctx) => {
          authorize(ctx.actor, 'supervise');
          if (ctx.actor.kind !== 'user') throw unauthorized();
          const row = await ctx.tx
            .updateTable('routing_alerts')
            .set({ acknowledged_by: ctx.actor.userId })
            .where('account_id', '=', ctx.accountId)
            .where('id', '=', idOr404(params.id, 'alert'))
            .returningAll()
            .executeTakeFirst();
          if (!row) throw notFound('alert');
          await assignConversation(ctx, {
            conversationId: row.conversation_id,
            assigneeId: ctx.actor.userId,
            note: 'Supervisor took over / 主管接管',
            force: body?.force,
          });
          return present(row);
        },
        null,
      ),
  }),
];
