/**
 * Database tasks.
 *   migrate  apply pending migrations to the app's database (DATABASE_URL or the data folder's Postgres)
 *   create   generate a migration from the difference between the entities and the migrations so far
 *   check    exit 1 when the entities and migrations disagree (run by the test suite too)
 * `create` and `check` work on a throwaway cluster, so they never depend on the user's data.
 */
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { migrationIndexIsCurrent, writeMigrationIndex } from '../db/migration-index.ts';
import { openOrm, migrate } from '../db/orm.ts';
import { pendingSchemaDiff } from '../db/schema-diff.ts';
import { startThrowawayPostgres } from '../db/throwaway-postgres.ts';
import { createLogger } from '../logger.ts';

const command = process.argv[2];
const log = createLogger('warn', 'db');

async function main(): Promise<number> {
  if (command === 'migrate') {
    const config = loadConfig();
    const db = await openDatabase(config, createLogger(config.logLevel, 'db'));
    const orm = await openOrm(db.url);
    try {
      await migrate(orm, db.url);
      console.log('Migrations applied.');
    } finally {
      await orm.close();
      await db.stop();
    }
    return 0;
  }
  if (command !== 'create' && command !== 'check') {
    console.error('usage: db.ts migrate | create | check');
    return 2;
  }
  const pg = await startThrowawayPostgres(log);
  const orm = await openOrm(pg.url);
  try {
    await migrate(orm, pg.url);
    if (command === 'check') {
      if (!(await migrationIndexIsCurrent())) {
        console.error('migrations/index.ts does not list exactly the migration files; run npm run db:migration:create.');
        return 1;
      }
      const diff = await pendingSchemaDiff(orm);
      if (diff) {
        console.error(`Entities and migrations disagree; run npm run db:migration:create. Pending SQL:\n${diff}`);
        return 1;
      }
      console.log('Migrations match the entities.');
      return 0;
    }
    const result = await orm.getMigrator().createMigration(undefined, false, false, process.argv[3]);
    await writeMigrationIndex();
    console.log(result.fileName ? `Created migrations/${result.fileName}` : 'No changes: migrations already match the entities.');
    return 0;
  } finally {
    await orm.close();
    await pg.stop();
  }
}

process.exitCode = await main();
