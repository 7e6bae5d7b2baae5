import { startApp, type App } from '../../app.ts';
import { loadConfig } from '../../config.ts';
import { createLogger } from '../../logger.ts';
import { createTestDatabase } from './database.ts';
import { graphqlClient, type GraphQLClient } from '../../harness/graphql-client.ts';

export interface TestApp extends App {
  readonly databaseUrl: string;
  readonly gql: GraphQLClient;
}

/** Environment that makes job recovery quick enough to test: short expiry, maintenance every second. */
export const FAST_JOBS_ENV = {
  JOB_MAINTENANCE_SECONDS: '1',
  JOB_POLLING_SECONDS: '0.5',
  JOB_RETRY_DELAY_SECONDS: '0',
} as const;

/** The real app (HTTP + websocket on a free port, real pg-boss, real Postgres) on a database of its own. */
export async function startTestApp(options: {
  databaseUrl?: string;
  api?: boolean;
  worker?: boolean;
  env?: Record<string, string>;
} = {}): Promise<TestApp> {
  const databaseUrl = options.databaseUrl ?? (await createTestDatabase());
  const config = loadConfig({
    DATABASE_URL: databaseUrl,
    PORT: '0',
    CANDLELAB_SERVE_WEB: 'false',
    CANDLELAB_SAMPLE_DATA: 'false',
    LOG_LEVEL: 'error',
    ...FAST_JOBS_ENV,
    ...options.env,
  });
  const app = await startApp(config, {
    api: options.api ?? true,
    worker: options.worker ?? true,
    log: createLogger(config.logLevel, 'test-app'),
  });
  return { ...app, databaseUrl, gql: graphqlClient(app.graphqlUrl ?? 'http://invalid/graphql') };
}
