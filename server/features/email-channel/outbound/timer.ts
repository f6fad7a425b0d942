/**
 * The retry timer: every pass sends what is due (deferred mail whose wait is over, and anything a
 * crash or restart left pending — the outbox is in the database, so nothing waits in memory).
 * The first pass runs at start. The clock is injectable; tests call `runDue` with the time they want.
 */
import type { FeatureContext } from '../../../core/kit/feature.ts';
import { runnerFor } from './runner.ts';

const SHUTDOWN_WAIT_MS = 5_000;

export interface RetryTimerOptions {
  intervalMs?: number;
  now?: () => number;
}

export function startEmailOutbound(
  { services }: FeatureContext,
  opts: RetryTimerOptions = {},
): () => Promise<void> {
  const runner = runnerFor(services);
  const now = opts.now ?? (() => services.clock.now());
  let pass: Promise<unknown> | null = null;
  const tick = () => {
    pass ??= runner
      .runDue(now())
      .catch((err) => services.log.warn({ err }, 'email: retry pass failed'))
      .finally(() => {
        pass = null;
      });
  };
  tick();
  const timer = setInterval(tick, opts.intervalMs ?? 15_000);
  timer.unref();
  // Shutdown waits a little for attempts in flight to record how they ended; one still talking to
  // a slow relay after that keeps its claim until the lease ends and is sent again after the restart.
  return async () => {
    clearInterval(timer);
    let bound: NodeJS.Timeout | undefined;
    await Promise.race([
      (async () => {
        await pass;
        await runner.idle();
      })(),
      new Promise((r) => {
        bound = setTimeout(r, SHUTDOWN_WAIT_MS);
      }),
    ]);
    clearTimeout(bound);
  };
}
