import { defineConfig } from 'vitest/config';

// One Temporal dev server and one workflow bundle per run (test/global-setup.ts); test files run in
// forked processes (the Temporal native bridge prefers forks) and in parallel where they share no state.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    globalSetup: ['test/global-setup.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    teardownTimeout: 30_000,
    reporters: ['default'],
  },
});
