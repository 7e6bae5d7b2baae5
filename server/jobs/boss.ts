import PgBoss from 'pg-boss';
import type { Config } from '../config.ts';
import { LOCKS, withAdvisoryLock } from '../db/advisory-lock.ts';
import { isDatabaseUnavailable } from '../graphql/error-policy.ts';
import type { Logger } from '../logger.ts';
import { QUEUES } from './queues.ts';

/**
 * One pg-boss instance per process. Queues are created idempotently at start by whoever starts first.
 * Retries back off exponentially; a job whose worker died stays `active` until it expires, then
 * pg-boss's maintenance (run by any live process) moves it back to `retry` for another worker.
 */
export async function startBoss(databaseUrl: string, config: Config, log: Logger): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: databaseUrl,
    max: 4,
    maintenanceIntervalSeconds: config.jobs.maintenanceIntervalSeconds,
    monitorStateIntervalSeconds: Math.max(1, config.jobs.maintenanceIntervalSeconds),
    application_name: 'candlelab-jobs',
  });
  // A database outage makes every pg-boss connection fail at once: one line each, not a stack trace each.
  boss.on('error', (error) => (isDatabaseUnavailable(error) ? log.warn(`Job queue: ${error.message}`) : log.error('Job queue error', error)));
  await boss.start();
  // Processes starting together would run pg-boss's create_queue at once, which deadlocks: take turns.
  await withAdvisoryLock(databaseUrl, LOCKS.queueSetup, async () => {
    for (const name of Object.values(QUEUES)) {
      // Jobs that exhaust their retries (including ones whose workers kept dying) land here, so the
      // owning record can be marked FAILED instead of staying RUNNING forever.
      const deadLetter = deadLetterQueue(name);
      await boss.createQueue(deadLetter, { name: deadLetter, retentionDays: 7 });
      const options: PgBoss.Queue = {
        name,
        retryLimit: config.jobs.retryLimit,
        retryDelay: config.jobs.retryDelaySeconds,
        retryBackoff: true,
        expireInSeconds: config.jobs.expireInSeconds,
        retentionDays: 7,
        deadLetter,
      };
      await boss.createQueue(name, options);
      // createQueue keeps the settings of a queue that already exists; apply this process's configuration.
      await boss.updateQueue(name, options);
    }
  });
  return boss;
}

export const deadLetterQueue = (queue: string) => `${queue}-dead`;
