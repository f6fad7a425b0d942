/**
 * The dead-letter list: a processor that kept failing for an event is recorded here (one row per
 * processor and event) instead of being dropped, for admins to read and retry.
 */
import type { Kysely } from 'kysely';
import type { DB, DeadJobsTable } from '../db/types.ts';
import { newId } from '../lib/ids.ts';
import { metrics } from '../infra/metrics.ts';
import type { DomainEvent } from './catalog.ts';

export type DeadJob = DeadJobsTable;

export class DeadJobs {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly now: () => number,
  ) {}

  async record(
    processor: string,
    event: DomainEvent,
    error: string,
    attempts: number,
  ): Promise<void> {
    const at = this.now();
    await this.db
      .insertInto('dead_jobs')
      .values({
        id: newId(at),
        account_id: event.accountId,
        processor,
        event_id: event.id,
        event_type: event.type,
        error,
        attempts,
        first_failed_at: at,
        failed_at: at,
      })
      .onConflict((oc) =>
        oc.columns(['processor', 'event_id']).doUpdateSet((eb) => ({
          error,
          failed_at: at,
          attempts: eb('dead_jobs.attempts', '+', attempts),
        })),
      )
      .execute();
    metrics.deadJobs.inc({ processor });
  }

  list(accountId: string, limit = 100, before?: string): Promise<DeadJob[]> {
    let q = this.db.selectFrom('dead_jobs').selectAll().where('account_id', '=', accountId);
    if (before) q = q.where('id', '<', before);
    return q.orderBy('id', 'desc').limit(limit).execute();
  }

  get(accountId: string, id: string): Promise<DeadJob | undefined> {
    return this.db
      .selectFrom('dead_jobs')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  async remove(accountId: string, id: string): Promise<boolean> {
    const r = await this.db
      .deleteFrom('dead_jobs')
      .where('account_id', '=', accountId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
}
