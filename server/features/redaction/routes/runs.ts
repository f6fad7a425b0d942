/**
 * Retroactive redaction runs (admins): start one (a dry run by default: counts per type; `apply`
 * rewrites), follow it, list the recent ones. The run works in the background in small batches.
 */
import { z } from 'zod';
import { execute } from '../../../core/commands/context.ts';
import { notFound } from '../../../core/errors.ts';
import { defineRoute } from '../../../core/http/route.ts';
import { listOf } from '../../../core/http/responses.ts';
import { IdParams, pathId } from '../../../core/http/schemas.ts';
import { authorize } from '../../../core/policies/can.ts';
import { driveRun } from '../commands/drive.ts';
import { startRun } from '../commands/runs.ts';
import { getRun, listRuns, presentRun, RunSchema } from '../store/runs.ts';

export const runRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/v1/redaction/runs',
    auth: 'user',
    summary: 'Start a retroactive redaction run over stored messages (dry run unless apply)',
    tags: ['redaction'],
    status: 202,
    response: RunSchema,
    body: z.strictObject({ apply: z.boolean().default(false) }).default({ apply: false }),
    handler: async ({ actor, body, services }) => {
      const run = await execute(services, actor, startRun, body);
      void driveRun(services, actor.accountId, run.id);
      return presentRun(run);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/redaction/runs',
    auth: 'user',
    summary: 'The account’s recent redaction runs (newest first)',
    tags: ['redaction'],
    response: listOf(RunSchema),
    handler: async ({ actor, services }) => {
      authorize(actor, 'account.manage');
      return { data: (await listRuns(services.database.db, actor.accountId)).map(presentRun) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/redaction/runs/:id',
    auth: 'user',
    summary: 'One redaction run: status, messages scanned and changed, matches per type',
    tags: ['redaction'],
    params: IdParams,
    response: RunSchema,
    handler: async ({ actor, params, services }) => {
      authorize(actor, 'account.manage');
      const id = pathId(params.id);
      const run = id ? await getRun(services.database.db, actor.accountId, id) : undefined;
      if (!run) throw notFound('redaction run');
      return presentRun(run);
    },
  }),
];
