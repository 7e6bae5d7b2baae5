import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backOff, MAX_RETRY_BACKOFF_SECONDS } from '../../jobs/lease.ts';
import { QUEUES } from '../../jobs/queues.ts';
import { PROCESS_TEST_TIMEOUT_MS, startNpmScript, startProcess } from '../../harness/processes.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';

/**
 * Queue settings live with the queues (jobs/boss.ts): `npm run jobs:configure` changes them for every
 * process; a process whose variables differ follows the stored ones and says so. Queues retry after a
 * constant delay (a dead worker's job resumes within about a lease however often it happened).
 */
describe('job settings', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ worker: false });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('npm run jobs:configure stores new settings on every queue, and a process started with others follows them and says so', async () => {
    const configure = startNpmScript('jobs:configure', { DATABASE_URL: app.databaseUrl, JOB_LEASE_SECONDS: '20', JOB_RETRY_LIMIT: '7', JOB_RETRY_DELAY_SECONDS: '3' });
    expect(await configure.exited).toBe(0);
    await configure.waitForLine(/lease of 20 s, 7 retries, a retry delay of 3 s/);

    const client = new pg.Client({ connectionString: app.databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query(`SELECT name, expire_seconds, retry_limit, retry_delay, retry_backoff FROM pgboss.queue WHERE name = ANY($1)`, [Object.values(QUEUES)]);
      expect(rows).toHaveLength(Object.values(QUEUES).length);
      for (const row of rows) expect(row).toMatchObject({ expire_seconds: 20, retry_limit: 7, retry_delay: 3, retry_backoff: false });
    } finally {
      await client.end();
    }

    const worker = startProcess('server/worker.ts', { DATABASE_URL: app.databaseUrl, JOB_LEASE_SECONDS: '10' });
    try {
      const line = await worker.waitForLine(/The job queues were set up with/);
      expect(line).toContain('leaseSeconds 20');
      expect(line).toContain('npm run jobs:configure');
      await worker.waitForLine(/Worker ready/);
    } finally {
      await worker.kill('SIGTERM');
    }
  }, PROCESS_TEST_TIMEOUT_MS);

  it('a failed attempt backs off exponentially up to a minute, while the queue retries after its constant delay', async () => {
    const { boss, pool } = app.services;
    const jobId = (await boss.send(QUEUES.recommend, { sweepId: 'none' }, { retryLimit: 5, retryDelay: 3, retryBackoff: false }))!;
    await boss.fail(QUEUES.recommend, jobId, { message: 'transient' });
    const delayOf = async () => Number((await pool.query(`SELECT EXTRACT(epoch FROM start_after - now()) AS s FROM pgboss.job WHERE id = $1 AND state = 'retry'`, [jobId])).rows[0].s);
    // pg-boss's own: the constant delay.
    expect(await delayOf()).toBeCloseTo(3, 0);
    await backOff(pool, QUEUES.recommend, jobId, 3, 2);
    expect(await delayOf()).toBeCloseTo(12, 0);
    await backOff(pool, QUEUES.recommend, jobId, 3, 9);
    expect(await delayOf()).toBeCloseTo(MAX_RETRY_BACKOFF_SECONDS, 0);
  });
});
