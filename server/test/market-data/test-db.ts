import pg from 'pg';
import { startThrowawayPostgres } from '../../db/throwaway-postgres.ts';
import { createLogger } from '../../logger.ts';

/**
 * A candle table for the store-level tests, which need PostgreSQL but not the whole app.
 * Uses a throwaway cluster per test file; the DDL mirrors the initial migration.
 */
export interface TestDb {
  readonly pool: pg.Pool;
  readonly url: string;
  close(): Promise<void>;
}

export async function openTestDb(): Promise<TestDb> {
  const pgServer = await startThrowawayPostgres(createLogger('silent'));
  const pool = new pg.Pool({ connectionString: pgServer.url, max: 4 });
  // Stopping the cluster kills idle connections; that is expected at teardown, not an error.
  pool.on('error', () => {});
  await pool.query(
    `create table if not exists "candle" ("symbol" varchar(40) not null, "interval" varchar(8) not null, "open_time" bigint not null, "open" double precision not null, "high" double precision not null, "low" double precision not null, "close" double precision not null, "volume" double precision not null, constraint "candle_pkey" primary key ("symbol", "interval", "open_time"))`,
  );
  return {
    pool,
    url: pgServer.url,
    close: async () => {
      await pool.end();
      await pgServer.stop();
    },
  };
}
