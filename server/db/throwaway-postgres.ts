import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from '../logger.ts';
import { Cluster } from './cluster.ts';

/**
 * A disposable cluster for scripts and tests, owned by this process (no supervisor, not remembered
 * as a data folder): fsync off, deleted on stop.
 */
export async function startThrowawayPostgres(log: Logger): Promise<{ url: string; stop(): Promise<void> }> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'candlelab-pg-'));
  const cluster = new Cluster({ dataDir, log, postgresFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] });
  try {
    await cluster.start();
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: cluster.url,
    stop: async () => {
      await cluster.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
