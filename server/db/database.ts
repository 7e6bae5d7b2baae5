import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import { openDataFolderDatabase } from './embedded-postgres.ts';

export interface DatabaseHandle {
  readonly url: string;
  /** Stops the embedded server when this process started it; otherwise nothing. */
  stop(): Promise<void>;
}

/** DATABASE_URL when given (start nothing); otherwise the data folder's embedded PostgreSQL. */
export async function openDatabase(config: Config, log: Logger): Promise<DatabaseHandle> {
  if (config.databaseUrl) return { url: config.databaseUrl, stop: async () => {} };
  return openDataFolderDatabase({ dataDir: config.dataDir, log });
}
