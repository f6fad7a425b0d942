/**
 * Background ticker (worker role): fires due SLA warnings/breaches, applies auto-away, sets offline
 * the agents whose console is closed, runs schedule rules and due contact-event jobs, and re-drains
 * queues so aging and near-breach boosts take effect. State lives in the database, so timers survive
 * restarts and several nodes may tick at once (every step is a conditional update).
 */
import { execute } from '../../core/commands/context.ts';
import type { FeatureContext } from '../../core/kit/feature.ts';
import { systemActor } from '../../core/policies/actor.ts';
import type { Services } from '../../core/services.ts';
import type { Gateway } from '../../core/realtime/gateway.ts';
import { contactsOf, drainQueue, lockAccount } from './commands/queue.ts';
import { autoAway } from './commands/auto-away.ts';
import { sweepAbsent } from './commands/presence-sweep.ts';
import { fireDueSlaTimers } from './commands/sla.ts';
import { publishQueue } from './processors.ts';
import { runScheduledRules } from './rules/schedule.ts';
import { fireDueJobs } from './rules/contact-events.ts';

/**
 * One pass. Visitors' positions are pushed whenever the drain assigned someone (everyone behind moved
 * up: an assignment here must not leave positions stale until the next periodic push) and, with
 * `publishAll`, periodically anyway (aging changes estimates).
 */
export async function tick(
  services: Services,
  gateway: Gateway | null,
  publishAll = true,
): Promise<void> {
  await fireDueSlaTimers(services);
  await autoAway(services);
  await sweepAbsent(services);
  await runScheduledRules(services);
  await fireDueJobs(services);
  const db = services.database.db;
  const accounts = await db.selectFrom('routing_queue').select('account_id').distinct().execute();
  for (const { account_id } of accounts) {
    const assigned = await execute(
      services,
      systemActor(account_id, 'routing'),
      async (ctx) => {
        await lockAccount(ctx.tx, ctx.accountId);
        return drainQueue(ctx);
      },
      null,
    );
    if (!gateway || (!assigned.length && !publishAll)) continue;
    await publishQueue(services, gateway, account_id, await contactsOf(db, assigned));
  }
}

export function startTicker(
  { services, gateway }: FeatureContext,
  intervalMs = 2_000,
): () => Promise<void> {
  let running: Promise<void> | null = null;
  let count = 0;
  const timer = setInterval(() => {
    if (running) return;
    count++;
    running = tick(services, gateway, count % 5 === 0)
      .catch((err) => services.log.warn({ err }, 'routing tick failed'))
      .finally(() => {
        running = null;
      });
  }, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
