import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Starts one PostgreSQL server per run (or uses PG_URL); see test/support/global-setup.ts.
    globalSetup: ['test/support/global-setup.ts'],
    // initdb and the first server start take several seconds on a cold machine.
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // A committed `.only` would silently skip the rest of the suite in CI.
    allowOnly: false,
  },
});
