/** Vitest global setup for browser suites: build the web bundles if they are missing or stale. */
import { buildWeb } from '../../scripts/build-web.ts';

export default async function setup(): Promise<void> {
  await buildWeb({ ifStale: true, log: () => {} });
}
