/** Live queue: visitor position, supervisor view, reorder (pin to front), manual assignment, agent heartbeat. */
import { z } from 'zod';
import { assignConversation } from '../../../core/commands/assign-conversation.ts';
import { execute } from '../../../core/commands/context.ts';
import { loadConversation } from '../../../core/commands/lib/conversations.ts';
import { notFound, unauthorized } from '../../../core/errors.ts';
import type { QueueStatus } from '../../../core/kit/contracts.ts';
import { currentConversation } from '../../../core/queries/conversations.ts';
import { defineRoute } from '../../../core/http/route.ts';
import { Id, IdParams, pathId } from '../../../core/http/schemas.ts';
import { authorize } from '../../../core/policies/can.ts';
import { visibilityOf, visibleIds } from '../../../core/policies/visibility.ts';
import { iso } from '../../../core/presenters/index.ts';
import { markSeen } from '../../../core/realtime/agent-presence.ts';
import { queueStatuses } from '../commands/queue.ts';
import { upsertProfile } from '../store/agents.ts';
import { whoOf } from '../store/who.ts';
import { conversationAffect } from '../../../core/kit/affect-registry.ts';
import { routingResponses as R } from '../responses.ts';

export const idOr404 = (raw: string, what = 'conversation') => {
  const id = pathId(raw);
  if (!id) throw notFound(what);
  return id;
};

export const queueRoutes = [
  defineRoute({
    method: 'GET',
    url: '/widget/v1/queue',
    auth: 'visitor',
    summary: "The visitor's live position in the human queue",
    tags: ['widget'],
    response: R.VisitorQueue,
    handler: async ({
      actor,
      services,
    }): Promise<
      | QueueStatus
      | { conversationId: null; position: null; estimatedWaitSeconds: null; overflow: null }
    > => {
      if (actor.kind !== 'contact') throw unauthorized();
      const c = await currentConversation(services.database.db, actor);
      if (!c)
        return { conversationId: null, position: null, estimatedWaitSeconds: null, overflow: null };
      const all = await queueStatuses(services.database.db, actor.accountId, services.clock.now());
      return (
        all.find((s) => s.status.conversationId === c.id)?.status ?? {
          conversationId: c.id,
          position: null,
          estimatedWaitSeconds: null,
          overflow: null,
        }
      );
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/routing/queue',
    auth: 'user',
    summary: 'Queued conversations in service order with positions and estimates',
    tags: ['routing'],
    response: R.Queue,
    handler: async ({ actor, services }) => {
      authorize(actor, 'conversation.read');
      const db = services.database.db;
      const all = await queueStatuses(db, actor.accountId, services.clock.now());
      const seen = await visibleIds(
        db,
        actor.accountId,
        await visibilityOf(db, actor),
        all.map((s) => s.status.conversationId),
      );
      const statuses = all.filter((s) => seen.has(s.status.conversationId));
      const ids = statuses.map((s) => s.status.conversationId);
      const rows = ids.length
        ? await db
            .selectFrom('routing_queue')
            .selectAll()
            .where('conversation_id', 'in', ids)
            .execute()
        : [];
      const byId = new Map(rows.map((r) => [r.conversation_id, r]));
      const who = await whoOf(db, actor.accountId, ids);
      const affect = new Map(
        await Promise.all(
          ids.map(async (id) => [id, await conversationAffect(db, actor.accountId, id)] as const),
        ),
      );
      const now = services.clock.now();
      return {
        data: statuses.map((s) => {
          const r = byId.get(s.status.conversationId)!;
          const w = who.get(s.status.conversationId);
          const since = w?.waitingSince ?? Number(r.enqueued_at);
          return {
            ...s.status,
            contactId: s.contactId,
            displayId: w?.displayId ?? 0,
            contactName: w?.contactName ?? null,
            channel: w?.channel ?? r.channel,
            lastMessage: w?.lastMessage ?? null,
            waitedSeconds: Math.max(0, Math.round((now - since) / 1000)),
            emotion: affect.get(s.status.conversationId)?.emotion ?? null,
            reason: r.reason,
            anger: Number(r.anger) / 100,
            tier: r.tier,
            intent: r.intent,
            language: r.language,
            enqueuedAt: iso(r.enqueued_at),
            pinned: r.pinned_at != null,
          };
        }),
      };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/routing/queue/:id/pin',
    auth: 'user',
    summary: 'Move a queued conversation to the front (supervisor)',
    tags: ['routing'],
    response: R.Ok,
    params: IdParams,
    handler: async ({ actor, params, services }) =>
      execute(
        services,
        actor,
        async (ctx) => {
          authorize(ctx.actor, 'supervise');
          const c = await loadConversation(ctx.tx, ctx.accountId, idOr404(params.id));
          const res = await ctx.tx
            .updateTable('routing_queue')
            .set({ pinned_at: ctx.now })
            .where('account_id', '=', ctx.accountId)
            .where('conversation_id', '=', c.id)
            .executeTakeFirst();
          if (!Number(res.numUpdatedRows)) throw notFound('queued conversation');
          await ctx.events.record(
            'conversation.queued',
            {
              conversationId: c.id,
              inboxId: c.inbox_id,
              contactId: c.contact_id,
              reason: 'reordered',
            },
            c.id,
          );
          return { ok: true };
        },
        null,
      ),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/routing/queue/:id/assign',
    auth: 'user',
    summary: 'Assign a queued conversation by hand (supervisor)',
    tags: ['routing'],
    response: R.Assigned,
    params: IdParams,
    body: z.strictObject({
      assigneeId: Id,
      note: z.string().max(2000).optional(),
      force: z.boolean().optional(),
    }),
    handler: async ({ actor, params, body, services }) => {
      authorize(actor, 'supervise');
      const c = await execute(services, actor, assignConversation, {
        conversationId: idOr404(params.id),
        assigneeId: body.assigneeId,
        note: body.note,
        force: body.force,
      });
      return { conversationId: c.id, assigneeId: c.assignee_id };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/routing/heartbeat',
    auth: 'user',
    summary:
      'Agent activity: keeps auto-away from kicking in and, for clients without an agent socket, the agent from going offline',
    tags: ['routing'],
    response: R.Ok,
    handler: async ({ actor, services }) => {
      if (actor.kind !== 'user') throw unauthorized();
      await markSeen(services, actor.accountId, actor.userId);
      await upsertProfile(
        services.database.db,
        actor.accountId,
        actor.userId,
        { lastActiveAt: services.clock.now() },
        services.clock.now(),
      );
      return { ok: true };
    },
  }),
];
