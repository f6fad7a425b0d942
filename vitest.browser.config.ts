import { defineConfig } from 'vitest/config';

/** Browser suites (`*.browser.test.ts`): real Chromium via playwright-core, one file at a time. */
export default defineConfig({
  test: {
    include: ['server/**/*.browser.test.ts', 'web/**/*.browser.test.ts'],
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 90_000,
    // A real browser on a loaded 2-core CI machine: one retry so a rare timing failure does not
    // block a submission; a test that fails twice fails the run (retries are printed in the report).
    retry: 1,
    hookTimeout: 120_000,
    globalSetup: ['./server/test/build-web.setup.ts'],
  },
});
