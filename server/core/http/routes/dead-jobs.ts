/**
 * The dead-letter list for admins: background work (a processor for an event) that kept failing,
 * with its error, and a retry that runs it again now. Account-scoped like everything else.
 */
import { z } from 'zod';
import { notFound } from '../../errors.ts';
import type { DeadJob } from '../../events/dead-jobs.ts';
import { authorize } from '../../policies/can.ts';
import { defineRoute } from '../route.ts';
import { IdParams, pathId } from '../schemas.ts';
import { DeadJobPage, RetryResult } from '../responses.ts';

const present = (d: DeadJob) => ({
  id: d.id,
  processor: d.processor,
  eventId: Number(d.event_id),
  eventType: d.event_type,
  error: d.error,
  attempts: d.attempts,
  firstFailedAt: new Date(Number(d.first_failed_at)).toISOString(),
  failedAt: new Date(Number(d.failed_at)).toISOString(),
});

const need = (raw: string) => {
  const id = pathId(raw);
  if (!id) throw notFound('dead job');
  return id;
};

export const deadJobRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/dead-jobs',
    auth: 'user',
    summary: 'Background work that kept failing (dead-letter list), newest first',
    tags: ['operations'],
    response: DeadJobPage,
    query: z.strictObject({
      limit: z.coerce.number().int().min(1).max(200).default(50),
      before: z.string().max(64).optional(),
    }),
    handler: async ({ actor, query, services }) => {
      authorize(actor, 'account.manage');
      const rows = await services.dispatcher.deadJobs.list(
        actor.accountId,
        query.limit + 1,
        query.before,
      );
      const page = rows.slice(0, query.limit);
      return {
        data: page.map(present),
        nextBefore: rows.length > query.limit ? page[page.length - 1].id : null,
      };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/dead-jobs/:id/retry',
    auth: 'user',
    summary: 'Run a dead-lettered job again now',
    tags: ['operations'],
    response: RetryResult,
    params: IdParams,
    handler: async ({ actor, params, services }) => {
      authorize(actor, 'account.manage');
      const r = await services.dispatcher.retryDead(actor.accountId, need(params.id));
      if (!r) throw notFound('dead job');
      // The error text is the processor's own (no request data); it is what an admin needs to act.
      return r;
    },
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/v1/dead-jobs/:id',
    auth: 'user',
    summary: 'Discard a dead-lettered job',
    tags: ['operations'],
    status: 204,
    params: IdParams,
    handler: async ({ actor, params, services }) => {
      authorize(actor, 'account.manage');
      if (!(await services.dispatcher.deadJobs.remove(actor.accountId, need(params.id))))
        throw notFound('dead job');
    },
  }),
];
