import { defineConfig } from 'vitest/config';

/** Browser suites (`*.browser.test.ts`): real Chromium via playwright-core, one file at a time. */
export default defineConfig({
  test: {
    include: ['server/**/*.browser.test.ts', 'web/**/*.browser.test.ts'],
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 120_000,
    globalSetup: ['./server/test/build-web.setup.ts'],
  },
});
