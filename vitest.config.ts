import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['server/**/*.test.ts', 'shared/**/*.test.ts', 'scripts/**/*.test.ts', 'web/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/*.browser.test.ts'],
    testTimeout: 30_000,
    // Real servers, sockets, PostgreSQL and Redis on a shared 2-core machine: a test that failed once is
    // run again and reported as retried; one that fails twice fails the run.
    retry: 1,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
    // spawnServer() runs the prebuilt server (dist/server): build it once, before any suite starts.
    globalSetup: ['./server/test/build-server.setup.ts'],
  },
});
