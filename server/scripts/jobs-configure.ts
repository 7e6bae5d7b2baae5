/**
 * Stores the job settings of this environment (JOB_LEASE_SECONDS, JOB_RETRY_LIMIT,
 * JOB_RETRY_DELAY_SECONDS) on every queue, for every process:
 *   JOB_LEASE_SECONDS=20 npm run jobs:configure
 * Processes read the stored settings when they start (a process whose variables differ follows them
 * and says so), so restart APIs and workers afterwards.
 */
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { configureQueues, queueSettingsOf } from '../jobs/boss.ts';
import { createLogger } from '../logger.ts';

const config = loadConfig();
const db = await openDatabase(config, createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, 'jobs-configure'));
try {
  const settings = queueSettingsOf(config);
  await configureQueues(db.url, settings);
  console.log(`Every queue now has a lease of ${settings.leaseSeconds} s, ${settings.retryLimit} retries, a retry delay of ${settings.retryDelaySeconds} s. Restart the app's processes to follow them.`);
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
} finally {
  await db.stop();
}
