import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // graphql ships CJS (main) and ESM (module) builds; Vite would pick the ESM one for our code
    // while Node loads the CJS one for yoga and Pothos. Two copies break `instanceof GraphQLError`.
    alias: [{ find: /^graphql$/, replacement: path.resolve(import.meta.dirname, 'node_modules/graphql/index.js') }],
  },
  test: {
    include: ['server/test/**/*.test.ts', 'web/test/**/*.test.ts'],
    // Integration tests each boot PostgreSQL-backed apps; two cores cannot take many at once.
    fileParallelism: true,
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    globalSetup: ['server/test/global-setup.ts'],
  },
});
