import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import { databaseLoss } from './database-loss.ts';
import { openSupervisedDatabase } from './supervisor-link.ts';
import { watchDatabase } from './watchdog.ts';

export interface DatabaseHandle {
  readonly url: string;
  /** Leaves the database: for the embedded one, the last process to leave stops PostgreSQL. */
  stop(): Promise<void>;
  /** Called once when the database is lost for good (see watchdog.ts and supervisor.ts). */
  onLost(listener: (reason: string) => void): void;
}

/**
 * DATABASE_URL when given (start nothing); otherwise the data folder's embedded PostgreSQL, run by
 * its supervisor process. Either way a watchdog reports a database that stays unreachable.
 */
export async function openDatabase(config: Config, log: Logger, options: { watchdog?: boolean } = {}): Promise<DatabaseHandle> {
  const { lose, onLost } = databaseLoss();
  const embedded = config.databaseUrl ? null : await openSupervisedDatabase(config.dataDir, config.supervision, log);
  embedded?.onLost(lose);
  const url = config.databaseUrl ?? embedded!.url;
  const watchdog = options.watchdog === false ? null : watchDatabase(url, config.supervision.lostAfterMs, log, lose);
  return {
    url,
    onLost,
    stop: async () => {
      watchdog?.stop();
      await embedded?.stop();
    },
  };
}
