import pg from 'pg';
import { createTestDatabase } from '../helpers/database.ts';

/**
 * A database of its own with just the candle table, for store-level tests that need PostgreSQL
 * but not the whole app. The DDL is the initial migration's (MikroORM's migrator cannot load .ts
 * migration files inside vitest's module loader).
 */
export interface TestDb {
  readonly pool: pg.Pool;
  readonly url: string;
  close(): Promise<void>;
}

export const CANDLE_DDL = `create table if not exists "candle" ("symbol" varchar(40) not null, "interval" varchar(8) not null, "open_time" bigint not null, "open" double precision not null, "high" double precision not null, "low" double precision not null, "close" double precision not null, "volume" double precision not null, constraint "candle_pkey" primary key ("symbol", "interval", "open_time"))`;

export async function openTestDb(label = 'market_data'): Promise<TestDb> {
  const url = await createTestDatabase(label);
  const pool = new pg.Pool({ connectionString: url, max: 6 });
  pool.on('error', () => {});
  await pool.query(CANDLE_DDL);
  return { pool, url, close: () => pool.end() };
}
