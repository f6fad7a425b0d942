/**
 * One conversation's place in the human queue, for the agent's sidebar: its position, how many
 * wait, how long the customer has waited and the estimate (the same numbers as the supervisor's
 * queue, GET /api/v1/routing/queue, without reading every queued conversation's details). Under
 * /api/v1/conversations/:id, so a conversation the agent may not see is 404.
 */
import { z } from 'zod';
import { loadConversation } from '../../../core/commands/lib/conversations.ts';
import { defineRoute } from '../../../core/http/route.ts';
import { IdParams } from '../../../core/http/schemas.ts';
import { authorize } from '../../../core/policies/can.ts';
import { queueStatuses } from '../commands/queue.ts';
import { idOr404 } from './queue.ts';

export const QueuePositionSchema = z.object({
  /** Whether the conversation waits in the human queue now. */
  queued: z.boolean(),
  /** 1-based; null when not queued. */
  position: z.number().int().nullable(),
  /** How many conversations wait in the account's queue. */
  queueLength: z.number().int(),
  /** Seconds the customer has waited for a person (since they were queued, or since their unanswered message). */
  waitedSeconds: z.number().int().nullable(),
  /** The queue's estimate of the rest of the wait; null when nobody could take it. */
  estimatedWaitSeconds: z.number().int().nullable(),
});

export const queuePositionRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/conversations/:id/queue',
    auth: 'user',
    summary: "The conversation's position in the human queue and how long the customer has waited",
    tags: ['routing'],
    response: QueuePositionSchema,
    params: IdParams,
    handler: async ({ actor, params, services }) => {
      authorize(actor, 'conversation.read');
      const db = services.database.db;
      const c = await loadConversation(db, actor.accountId, idOr404(params.id));
      const now = services.clock.now();
      const all = await queueStatuses(db, actor.accountId, now);
      const mine = all.find((s) => s.status.conversationId === c.id)?.status;
      const row = mine
        ? await db
            .selectFrom('routing_queue')
            .select('enqueued_at')
            .where('account_id', '=', actor.accountId)
            .where('conversation_id', '=', c.id)
            .executeTakeFirst()
        : undefined;
      const since = c.waiting_since != null ? Number(c.waiting_since) : Number(row?.enqueued_at);
      return {
        queued: !!mine,
        position: mine?.position ?? null,
        queueLength: all.length,
        waitedSeconds:
          mine && Number.isFinite(since) ? Math.max(0, Math.round((now - since) / 1000)) : null,
        estimatedWaitSeconds: mine?.estimatedWaitSeconds ?? null,
      };
    },
  }),
];
