import { MIGRATIONS_DIR } from './migration-index.ts';
import { Migrator } from '@mikro-orm/migrations';
import { defineConfig, MikroORM, type Options } from '@mikro-orm/postgresql';
import { migrationsList } from '../../migrations/index.ts';
import { LOCKS, withAdvisoryLock } from './advisory-lock.ts';
import { entities } from './entities.ts';


export function ormOptions(databaseUrl: string, debug = false): Options {
  return defineConfig({
    clientUrl: databaseUrl,
    entities,
    extensions: [Migrator],
    // Requests and jobs must fork their own EntityManager; the global one is a bug magnet.
    allowGlobalContext: false,
    debug,
    pool: { min: 0, max: 8 },
    migrations: {
      path: MIGRATIONS_DIR,
      pathTs: MIGRATIONS_DIR,
      migrationsList,
      emit: 'ts',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      silent: true,
    },
  });
}

export async function openOrm(databaseUrl: string): Promise<MikroORM> {
  return MikroORM.init(ormOptions(databaseUrl));
}

/**
 * Applies pending migrations. Several processes may start at once on one database (API and workers),
 * so a session advisory lock, held on one dedicated connection, lets exactly one of them migrate.
 */
export async function migrate(orm: MikroORM, databaseUrl: string): Promise<void> {
  await withAdvisoryLock(databaseUrl, LOCKS.migrations, async () => {
    await orm.getMigrator().up();
  });
}
