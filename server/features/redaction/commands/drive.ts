/**
 * Drives runs in the background: one transaction per batch, the event loop free between batches.
 * A run is driven by the node that started it; at start-up a node resumes the runs still `running`
 * (a restart in the middle of one). Shutdown waits for the batch in flight and stops.
 */
import { execute } from '../../../core/commands/context.ts';
import { systemActor } from '../../../core/policies/actor.ts';
import type { Services } from '../../../core/services.ts';
import { failRun, runBatch } from './runs.ts';

interface Driver {
  stopping: boolean;
  active: Map<string, Promise<void>>;
}

const drivers = new WeakMap<Services, Driver>();

function driverOf(services: Services): Driver {
  let d = drivers.get(services);
  if (!d) {
    d = { stopping: false, active: new Map() };
    drivers.set(services, d);
  }
  return d;
}

export function driveRun(services: Services, accountId: string, runId: string): Promise<void> {
  const d = driverOf(services);
  const running = d.active.get(runId);
  if (running) return running;
  const actor = systemActor(accountId, 'redaction');
  const p = (async () => {
    try {
      for (;;) {
        if (d.stopping) return;
        const done = await execute(services, actor, runBatch, { runId, secret: services.secret });
        if (done) return;
        await new Promise((r) => setImmediate(r));
      }
    } catch (err) {
      services.log.error({ err, runId }, 'redaction run failed');
      await execute(services, actor, failRun, { runId }).catch(() => {});
    } finally {
      d.active.delete(runId);
    }
  })();
  d.active.set(runId, p);
  return p;
}

/** Resumes unfinished runs; returns the stop function (waits for the batches in flight). */
export function startDriver(services: Services): () => Promise<void> {
  const d = driverOf(services);
  d.stopping = false;
  void services.database.db
    .selectFrom('redaction_runs')
    .select(['id', 'account_id'])
    .where('status', '=', 'running')
    .execute()
    .then((rows) => {
      for (const r of rows) void driveRun(services, r.account_id, r.id);
    })
    .catch((err) => services.log.error({ err }, 'redaction runs not resumed'));
  return async () => {
    d.stopping = true;
    await Promise.all(d.active.values());
  };
}
