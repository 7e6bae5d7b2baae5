import pg from 'pg';
import { migrate, openOrm } from '../../db/orm.ts';
import { createTestDatabase } from '../helpers/database.ts';

/**
 * A migrated database of its own for the store-level tests, which need PostgreSQL but not the whole app.
 * The schema comes from the project's migrations, so these tests exercise the real candle table.
 */
export interface TestDb {
  readonly pool: pg.Pool;
  readonly url: string;
  close(): Promise<void>;
}

export async function openTestDb(label = 'candles'): Promise<TestDb> {
  const url = await createTestDatabase(label);
  const orm = await openOrm(url);
  try {
    await migrate(orm, url);
  } finally {
    await orm.close();
  }
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  return { pool, url, close: () => pool.end() };
}
