/**
 * Vitest global setup: build dist/server (scripts/build-server.ts) once if it is missing or stale, so
 * spawnServer() runs the server the way production does. A failed build is reported, not fatal: only
 * the suites that spawn the built server then fail (with the build error in their output).
 */
import { buildServer } from '../../scripts/build-server.ts';

export default async function setup(): Promise<void> {
  await buildServer({ ifStale: true, log: () => {} }).catch((err) =>
    process.stderr.write(
      `server build failed (suites that spawn it will fail): ${(err as Error).stack ?? err}\n`,
    ),
  );
}
