import pg from 'pg';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { migrate, openOrm } from '../db/orm.ts';
import { createLogger } from '../logger.ts';

/**
 * Runs an import script's work against the database the way `npm run worker` reaches it: DATABASE_URL, or
 * the data folder's embedded PostgreSQL (the one `npm start` runs, or a new one). Migrates first: the schema
 * may not exist yet when a script runs before the app ever started on the folder. A failure prints
 * `failure` and the reason and gives exit status 1.
 */
export async function withImportDatabase(name: string, failure: string, work: (pool: pg.Pool) => Promise<number>): Promise<number> {
  const config = loadConfig();
  const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, name);
  const db = await openDatabase(config, log);
  const orm = await openOrm(db.url);
  const pool = new pg.Pool({ connectionString: db.url, max: 4, application_name: `candlelab-${name}` });
  pool.on('error', () => {});
  try {
    await migrate(orm, db.url);
    return await work(pool);
  } catch (error) {
    console.error(`${failure}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await pool.end();
    await orm.close();
    await db.stop();
  }
}
