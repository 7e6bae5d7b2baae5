import type { TestProject } from 'vitest/node';
import { startThrowawayPostgres } from '../db/throwaway-postgres.ts';
import { createLogger } from '../logger.ts';

/**
 * One real PostgreSQL (embedded, fsync off) for the whole run. Each test file creates its own
 * database on it (helpers/database.ts), so files run in parallel without seeing each other's rows.
 */
export default async function setup(project: TestProject) {
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
