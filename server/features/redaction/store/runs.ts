/** Reading runs, and their shape over the API. */
import { z } from 'zod';
import type { Executor } from '../../../core/db/client.ts';
import { iso, parseJson } from '../../../core/presenters/index.ts';
import type { RedactionRunsTable } from '../tables.ts';

export const RunSchema = z.object({
  id: z.string(),
  apply: z.boolean(),
  status: z.enum(['running', 'done', 'failed']),
  scanned: z.number(),
  changed: z.number(),
  counts: z.record(z.string(), z.number()),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});

export const presentRun = (r: RedactionRunsTable): z.infer<typeof RunSchema> => ({
  id: r.id,
  apply: !!r.apply,
  status: r.status,
  scanned: Number(r.scanned),
  changed: Number(r.changed),
  counts: parseJson<Record<string, number>>(r.counts, {}),
  createdAt: iso(r.created_at)!,
  finishedAt: iso(r.finished_at),
});

export const getRun = (db: Executor, accountId: string, id: string) =>
  db
    .selectFrom('redaction_runs')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('id', '=', id)
    .executeTakeFirst();

export const listRuns = (db: Executor, accountId: string) =>
  db
    .selectFrom('redaction_runs')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(20)
    .execute();
