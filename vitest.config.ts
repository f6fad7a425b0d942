import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'server/**/*.test.ts',
      'shared/**/*.test.ts',
      'scripts/**/*.test.ts',
      'web/**/*.test.ts',
    ],
    exclude: ['**/node_modules/**', '**/*.browser.test.ts'],
    testTimeout: 30_000,
    // No retry: tests assert behaviour and wait for explicit conditions (server/test/wait.ts), never for
    // elapsed time, so a loaded machine makes them slower, not red. Timing claims live in bench/.
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
    // spawnServer() runs the prebuilt server (dist/server): build it once, before any suite starts.
    globalSetup: ['./server/test/build-server.setup.ts'],
  },
});
