import { defineConfig } from 'vitest/config';

/** Runs the database-free market-data tests without the shared PostgreSQL global setup. */
export default defineConfig({
  test: {
    include: ['server/test/market-data/**/*.unit.test.ts'],
    testTimeout: 30_000,
  },
});
