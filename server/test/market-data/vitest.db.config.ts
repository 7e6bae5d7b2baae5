import { defineConfig } from 'vitest/config';

/** Market-data tests with their own throwaway PostgreSQL, independent of the app's global setup. */
export default defineConfig({
  test: {
    include: ['server/test/market-data/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
