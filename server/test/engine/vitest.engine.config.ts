import { defineConfig } from 'vitest/config';

/** Engine tests are pure: no database, so no global setup. `npx vitest run --config server/test/engine/vitest.engine.config.ts` */
export default defineConfig({
  test: {
    include: ['server/test/engine/**/*.test.ts'],
    testTimeout: 60_000,
  },
});
