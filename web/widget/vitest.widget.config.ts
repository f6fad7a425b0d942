import { defineConfig } from 'vitest/config';

/**
 * Widget browser tests alone (builds only the widget bundle first): `npx vitest run -c web/widget/vitest.widget.config.ts`.
 * The shared vitest.browser.config.ts runs them too, after building every web bundle.
 */
export default defineConfig({
  test: {
    include: ['web/widget/**/*.browser.test.ts'],
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 120_000,
    globalSetup: ['./web/widget/build.setup.ts'],
  },
});
