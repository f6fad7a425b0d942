/** The webhook deliveries of an API inbox (admins): list them (e.g. the dead ones) and redeliver a dead one now. */
import { z } from 'zod';
import { execute } from '../../../core/commands/context.ts';
import { defineRoute } from '../../../core/http/route.ts';
import { Id } from '../../../core/http/schemas.ts';
import { authorize } from '../../../core/policies/can.ts';
import { redeliver } from '../commands/deliveries.ts';
import { workerOf } from '../delivery/registry.ts';
import { DeliveryWorker } from '../delivery/worker.ts';
import { DeliverySchema } from '../schemas.ts';
import { listDeliveries, presentDelivery } from '../store/deliveries.ts';
import { apiInboxOf } from '../store/inbox.ts';

const TAGS = ['api-channel'];

export const deliveryRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/inboxes/:id/api-channel/deliveries',
    auth: 'user',
    summary: "An API inbox's webhook deliveries, newest first (status=dead: the dead-letter list)",
    tags: TAGS,
    params: z.strictObject({ id: z.string() }),
    query: z.strictObject({
      status: z.enum(['pending', 'delivered', 'dead']).optional(),
      before: Id.optional(),
      limit: z.coerce.number().int().min(1).max(100).default(50),
    }),
    response: z.object({ data: z.array(DeliverySchema), hasMore: z.boolean() }),
    handler: async ({ actor, params, query, services }) => {
      authorize(actor, 'inbox.manage');
      const db = services.database.db;
      const inboxId = await apiInboxOf(db, actor.accountId, params.id);
      return listDeliveries(db, { accountId: actor.accountId, inboxId, ...query });
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/inboxes/:id/api-channel/deliveries/:deliveryId/redeliver',
    auth: 'user',
    summary:
      'Redeliver a dead delivery: attempted at once (the answer says how it went), then retried as usual',
    tags: TAGS,
    params: z.strictObject({ id: z.string(), deliveryId: z.string() }),
    response: DeliverySchema,
    handler: async ({ actor, params, services }) => {
      const row = await execute(services, actor, redeliver, {
        inboxId: params.id,
        deliveryId: params.deliveryId,
      });
      const worker = workerOf(services) ?? new DeliveryWorker({ services });
      const after = await worker.runOne(row.id, Number(row.next_attempt_at));
      return presentDelivery(after ?? row);
    },
  }),
];
