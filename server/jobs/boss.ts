import PgBoss from 'pg-boss';
import type { Config } from '../config.ts';
import { LOCKS, withAdvisoryLock } from '../db/advisory-lock.ts';
import { isDatabaseUnavailable } from '../graphql/error-policy.ts';
import type { Logger } from '../logger.ts';
import { QUEUES } from './queues.ts';

/** The settings every queue shares, as stored in pg-boss's queue table. */
export interface QueueSettings {
  readonly leaseSeconds: number;
  readonly retryLimit: number;
  readonly retryDelaySeconds: number;
}

/**
 * One pg-boss instance per process. Queue settings live in the database, with the queues, so every
 * process runs with the same ones: the first process to start creates the queues from its
 * configuration; a later process whose configuration differs says so and follows the stored settings
 * (changing them means `npm run jobs:configure`, not a restart with other variables).
 * Jobs carry no settings of their own: they take their queue's.
 */
export async function startBoss(databaseUrl: string, config: Config, log: Logger): Promise<{ boss: PgBoss; queueSettings: QueueSettings }> {
  const boss = new PgBoss({
    connectionString: databaseUrl,
    max: 4,
    maintenanceIntervalSeconds: config.jobs.maintenanceIntervalSeconds,
    monitorStateIntervalSeconds: Math.max(1, config.jobs.maintenanceIntervalSeconds),
    application_name: 'candlelab-jobs',
  });
  // A database outage makes every pg-boss connection fail at once: one line each, not a stack trace each.
  boss.on('error', (error) => (isDatabaseUnavailable(error) ? log.warn(`Job queue: ${error.message}`) : log.error('Job queue error', error)));
  const wanted = queueSettingsOf(config);
  const stored = await setUpQueues(databaseUrl, wanted);
  await boss.start();
  // Queues are created together and changed together (configureQueues), so the first speaks for all.
  const effective = stored[0] ?? wanted;
  const differences = (Object.keys(wanted) as (keyof QueueSettings)[]).filter((key) => wanted[key] !== effective[key]);
  if (differences.length > 0) {
    log.warn(
      `The job queues were set up with ${differences.map((key) => `${key} ${effective[key]}`).join(', ')}; this process's configuration says ` +
        `${differences.map((key) => `${key} ${wanted[key]}`).join(', ')}. Following the stored settings (npm run jobs:configure changes them for every process).`,
    );
  }
  return { boss, queueSettings: effective };
}

/**
 * Installs pg-boss's schema and creates missing queues, one process at a time (advisory lock), with
 * a short-lived instance that runs no maintenance: pg-boss's create_queue attaches a partition to the
 * job table, which deadlocks against another create_queue or against maintenance scanning that table
 * (processes starting together on a new database did). Only the first process ever does DDL here.
 */
async function setUpQueues(databaseUrl: string, wanted: QueueSettings): Promise<QueueSettings[]> {
  return withSetupBoss(databaseUrl, async (setup) => {
    const stored: QueueSettings[] = [];
    for (const name of Object.values(QUEUES)) stored.push(await ensureQueue(setup, name, wanted));
    return stored;
  });
}

async function withSetupBoss<T>(databaseUrl: string, work: (boss: PgBoss) => Promise<T>): Promise<T> {
  return withAdvisoryLock(databaseUrl, LOCKS.queueSetup, async () => {
    const setup = new PgBoss({ connectionString: databaseUrl, max: 2, supervise: false, schedule: false, application_name: 'candlelab-jobs-setup' });
    setup.on('error', () => undefined);
    await setup.start();
    try {
      return await work(setup);
    } finally {
      await setup.stop({ graceful: false, wait: true });
    }
  });
}

export function queueSettingsOf(config: Config): QueueSettings {
  return { leaseSeconds: config.jobs.leaseSeconds, retryLimit: config.jobs.retryLimit, retryDelaySeconds: config.jobs.retryDelaySeconds };
}

/** Creates the queue (and its dead-letter queue) if missing; returns the settings it is stored with. */
async function ensureQueue(boss: PgBoss, name: string, settings: QueueSettings): Promise<QueueSettings> {
  // Jobs that exhaust their retries (including ones whose workers kept dying) land here, so the
  // owning record can be marked FAILED instead of staying RUNNING forever (jobs/runner.ts).
  const deadLetter = deadLetterQueue(name);
  if (!(await boss.getQueue(deadLetter))) await boss.createQueue(deadLetter, { name: deadLetter, retentionDays: 7 });
  if (!(await boss.getQueue(name))) await boss.createQueue(name, queueOptions(name, settings));
  const stored = (await boss.getQueue(name))!;
  return { leaseSeconds: stored.expireInSeconds ?? settings.leaseSeconds, retryLimit: stored.retryLimit ?? settings.retryLimit, retryDelaySeconds: stored.retryDelay ?? settings.retryDelaySeconds };
}

export function queueOptions(name: string, settings: QueueSettings): PgBoss.Queue {
  return {
    name,
    retryLimit: settings.retryLimit,
    retryDelay: settings.retryDelaySeconds,
    // Constant: a dead worker's job resumes within about a lease however often it happened; the runner
    // backs off failed attempts itself (lease.ts backOff).
    retryBackoff: false,
    expireInSeconds: settings.leaseSeconds,
    retentionDays: 7,
    deadLetter: deadLetterQueue(name),
  };
}

/**
 * Rewrites every queue's stored settings from this process's configuration (the `jobs:configure`
 * script). Processes read them when they start, so restart them after; jobs already queued keep the
 * settings they were sent with.
 */
export async function configureQueues(databaseUrl: string, settings: QueueSettings): Promise<void> {
  await withSetupBoss(databaseUrl, async (boss) => {
    for (const name of Object.values(QUEUES)) {
      await ensureQueue(boss, name, settings);
      await boss.updateQueue(name, queueOptions(name, settings));
    }
  });
}

export const deadLetterQueue = (queue: string) => `${queue}-dead`;
