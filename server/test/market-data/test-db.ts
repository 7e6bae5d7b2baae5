import pg from 'pg';
import { createMigratedDatabase } from '../helpers/database.ts';

/**
 * A migrated database of its own for the store-level tests, which need PostgreSQL but not the whole app.
 * The schema comes from the project's migrations, so these tests exercise the real candle store.
 */
export interface TestDb {
  readonly pool: pg.Pool;
  readonly url: string;
  close(): Promise<void>;
}

export async function openTestDb(label = 'candles'): Promise<TestDb> {
  const url = await createMigratedDatabase(label);
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  return { pool, url, close: () => pool.end() };
}
