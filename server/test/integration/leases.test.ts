import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAST_JOBS_ENV, startTestApp, type TestApp } from '../helpers/app.ts';
import { marketInput, seedSyntheticCandles } from '../helpers/candles.ts';
import { collectSubscription, gqlData, wsClient } from '../../harness/graphql-client.ts';
import { PROCESS_TEST_TIMEOUT_MS, startProcess, type RunningProcess } from '../../harness/processes.ts';

const RUN = `mutation Run($input: RunBacktestInput!) { runBacktest(input: $input) { id } }`;
const PROGRESS = `subscription P($id: ID!) { backtestProgress(id: $id) { status progress } }`;

/**
 * Job leases (jobs/lease.ts, jobs/runner.ts): a job longer than its lease keeps it by renewing and is
 * never started twice; a worker that stops renewing (frozen here with SIGSTOP) loses the job to
 * another within the lease, and when it wakes up it writes nothing.
 */
describe('job leases', () => {
  let api: TestApp;
  let range: { fromMs: number; toMs: number };
  const workers: RunningProcess[] = [];
  const env = { ...FAST_JOBS_ENV, JOB_LEASE_SECONDS: '3' };
  const startWorker = (extra: Record<string, string> = {}) => {
    const worker = startProcess('server/worker.ts', { DATABASE_URL: api.databaseUrl, ...env, ...extra });
    workers.push(worker);
    return worker;
  };
  const db = () => new pg.Client({ connectionString: api.databaseUrl });
  /** The record says COMPLETED before the worker records the job's end in pg-boss; its debug log says when it has. */
  const jobEnded = (worker: RunningProcess, jobId: string) => worker.waitForLine(new RegExp(`Let go of backtest job ${jobId} \\(complete\\)`));

  beforeAll(async () => {
    api = await startTestApp({ worker: false, env });
    range = await seedSyntheticCandles(api.databaseUrl, { symbol: 'SYNTH-ETHUSDT', interval: '15m', count: 6_000, seed: 9 });
  });
  afterAll(async () => {
    for (const worker of workers) {
      if (worker.child.exitCode === null) process.kill(-worker.child.pid!, 'SIGCONT');
    }
    await Promise.all(workers.map((worker) => worker.kill('SIGKILL')));
    await api?.stop();
  }, PROCESS_TEST_TIMEOUT_MS);

  it('a run three times longer than its lease is started once', async () => {
    // 40 slices of 250 ms: ~10 s against a 3 s lease.
    const worker = startWorker({ CANDLELAB_FAILPOINTS: 'backtest.simulate.slice=delay:250', LOG_LEVEL: 'debug' });
    const { runBacktest } = await gqlData(api.gql, RUN, { input: marketInput(range, 'SYNTH-ETHUSDT', '15m', { name: 'long' }) });
    const ws = wsClient(api.graphqlUrl!);
    const progress = collectSubscription(ws, PROGRESS, { id: runBacktest.id });
    await progress.done;
    await ws.dispose();
    expect(progress.events.at(-1).backtestProgress.status).toBe('COMPLETED');
    await jobEnded(worker, runBacktest.id);
    const client = db();
    await client.connect();
    try {
      const run = (await client.query('SELECT attempts FROM backtest_run WHERE id = $1', [runBacktest.id])).rows[0];
      const job = (await client.query('SELECT retry_count, EXTRACT(epoch FROM completed_on - started_on) AS seconds FROM pgboss.job WHERE id = $1', [runBacktest.id])).rows[0];
      expect(run.attempts).toBe(1);
      expect(job.retry_count).toBe(0);
      expect(Number(job.seconds)).toBeGreaterThan(6);
    } finally {
      await client.end();
    }
  }, PROCESS_TEST_TIMEOUT_MS);

  it('a frozen worker loses its run to another within the lease, and writes nothing when it wakes', async () => {
    await Promise.all(workers.splice(0).map((worker) => worker.kill('SIGTERM')));
    const frozen = startWorker({ CANDLELAB_FAILPOINTS: 'backtest.simulate.slice=delay:250' });
    const { runBacktest } = await gqlData(api.gql, RUN, { input: marketInput(range, 'SYNTH-ETHUSDT', '15m', { name: 'frozen' }) });
    const ws = wsClient(api.graphqlUrl!);
    const progress = collectSubscription(ws, PROGRESS, { id: runBacktest.id });
    await progress.until((events) => events.some((e) => e.backtestProgress.status === 'RUNNING' && e.backtestProgress.progress > 0.2));
    process.kill(-frozen.child.pid!, 'SIGSTOP');
    const frozenAt = Date.now();
    const rescuer = startWorker({ LOG_LEVEL: 'debug' });
    await progress.done;
    await ws.dispose();
    expect(progress.events.at(-1).backtestProgress.status).toBe('COMPLETED');
    await jobEnded(rescuer, runBacktest.id);
    // Lease 3 s + maintenance 1 s + no retry delay + a fresh worker's start and pickup: within the 30 s a
    // frozen worker may hold a run (without the lease it would wait for pg-boss's 15-minute expiry).
    expect(Date.now() - frozenAt).toBeLessThan(30_000);

    const client = db();
    await client.connect();
    try {
      const before = (await client.query('SELECT attempts, total_trades, completed_at FROM backtest_run WHERE id = $1', [runBacktest.id])).rows[0];
      expect(before.attempts).toBe(2);
      // Wake the frozen worker: its next heartbeat finds the lease gone, and it stops without a write.
      process.kill(-frozen.child.pid!, 'SIGCONT');
      await frozen.waitForLine(/lost its lease; stopped without writing/);
      const after = (await client.query('SELECT attempts, total_trades, completed_at FROM backtest_run WHERE id = $1', [runBacktest.id])).rows[0];
      expect(after).toEqual(before);
      const trades = (await client.query('SELECT count(*)::int AS n, count(DISTINCT seq)::int AS seqs FROM backtest_trade WHERE run_id = $1', [runBacktest.id])).rows[0];
      expect(trades.n).toBe(before.total_trades);
      expect(trades.seqs).toBe(before.total_trades);
      const job = (await client.query('SELECT state FROM pgboss.job WHERE id = $1', [runBacktest.id])).rows[0];
      expect(job.state).toBe('completed');
    } finally {
      await client.end();
    }
  }, PROCESS_TEST_TIMEOUT_MS);
});
