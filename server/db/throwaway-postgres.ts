import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from '../logger.ts';
import { openDataFolderDatabase } from './embedded-postgres.ts';

/** A disposable cluster for scripts and tests: fsync off, deleted on stop. */
export async function startThrowawayPostgres(log: Logger): Promise<{ url: string; stop(): Promise<void> }> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'candlelab-pg-'));
  const db = await openDataFolderDatabase({
    dataDir,
    log,
    persistent: false,
    postgresFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
  });
  return {
    url: db.url,
    stop: async () => {
      await db.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
