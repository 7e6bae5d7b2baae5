import { loadConfig } from '../../config.ts';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAST_JOBS_ENV } from '../helpers/app.ts';
import { createMigratedDatabase } from '../helpers/database.ts';
import { marketInput, seedSyntheticCandles } from '../helpers/candles.ts';
import { collectSubscription, gqlData, graphqlClient, wsClient } from '../../harness/graphql-client.ts';
import { PROCESS_TEST_TIMEOUT_MS, startProcess, type RunningProcess } from '../../harness/processes.ts';

const RUN = `mutation Run($input: RunBacktestInput!) { runBacktest(input: $input) { id } }`;
const PROGRESS = `subscription P($id: ID!) { backtestProgress(id: $id) { status progress message } }`;

/**
 * Ctrl-C while a run is going (issue: a run stayed RUNNING for the whole job expiry, and every stop
 * printed stack traces). `npm start`'s entry point runs as a real process; SIGINT goes to its whole
 * process group, as a terminal sends it.
 */
describe('stopping with Ctrl-C', () => {
  let databaseUrl: string;
  let range: { fromMs: number; toMs: number };
  const processes: RunningProcess[] = [];
  const start = (script: string, env: Record<string, string> = {}) => {
    const child = startProcess(script, {
      DATABASE_URL: databaseUrl,
      PORT: '0',
      CANDLELAB_SERVE_WEB: 'false',
      CANDLELAB_SAMPLE_DATA: 'false',
      ...FAST_JOBS_ENV,
      ...env,
    });
    processes.push(child);
    return child;
  };

  beforeAll(async () => {
    databaseUrl = await createMigratedDatabase('shutdown');
    range = await seedSyntheticCandles(databaseUrl, { symbol: 'SYNTH-ETHUSDT', interval: '15m', count: 8_000, seed: 5 });
  });
  afterAll(async () => {
    await Promise.all(processes.map((p) => p.kill('SIGKILL')));
  }, PROCESS_TEST_TIMEOUT_MS);

  it('hands a running backtest back at once, exits cleanly with one line, and the next start resumes it within seconds', async () => {
    // Each of the 40 progress slices takes 250 ms: the run lasts ~10 s, long past the 1 s grace period.
    const app = start('server/main.ts', { CANDLELAB_FAILPOINTS: 'backtest.simulate.slice=delay:250', SHUTDOWN_GRACE_SECONDS: '1' });
    const url = (await app.waitForLine(/running at (http:\/\/\S+)/)).match(/running at (http:\/\/\S+)/)![1];
    const gql = graphqlClient(`${url}/graphql`);
    const { runBacktest } = await gqlData(gql, RUN, { input: marketInput(range, 'SYNTH-ETHUSDT', '15m') });
    const ws = wsClient(`${url}/graphql`);
    const progress = collectSubscription(ws, PROGRESS, { id: runBacktest.id });
    await progress.until((events) => events.some((e) => e.backtestProgress.status === 'RUNNING' && e.backtestProgress.progress > 0.1));
    const outputBefore = app.output().length;

    process.kill(-app.child.pid!, 'SIGINT');
    expect(await app.exited).toBe(0);
    await ws.dispose();
    // The failpoint's own announcements are the test's instrument, not the app's output.
    const shutdownOutput = app.output().slice(outputBefore).split('\n').filter((line) => !line.startsWith('failpoint ')).join('\n').trim();
    expect(shutdownOutput.split('\n')).toHaveLength(1);
    expect(shutdownOutput).toMatch(/Candlelab stopped \(SIGINT\): 1 handed back to the queue/);
    expect(shutdownOutput).not.toMatch(/Error|\n\s+at /);

    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      const run = (await db.query('SELECT status, attempts FROM backtest_run WHERE id = $1', [runBacktest.id])).rows[0];
      expect(run).toEqual({ status: 'PENDING', attempts: 1 });
      const job = (await db.query(`SELECT state, start_after <= now() AS due, retry_count, retry_limit FROM pgboss.job WHERE id = $1`, [runBacktest.id])).rows[0];
      // Due at once, and the interruption did not spend one of its retries (the next fetch counts one).
      const { retryLimit } = loadConfig({ DATABASE_URL: databaseUrl }).jobs;
      expect(job).toEqual({ state: 'retry', due: true, retry_count: 0, retry_limit: retryLimit + 1 });
    } finally {
      await db.end();
    }

    // `npm start` again: the run resumes within seconds and completes, on its second attempt.
    const again = start('server/main.ts');
    const url2 = (await again.waitForLine(/running at (http:\/\/\S+)/)).match(/running at (http:\/\/\S+)/)![1];
    // Timed from the app's readiness: its start (PostgreSQL's included) is not what is measured.
    const restartedAt = Date.now();
    const ws2 = wsClient(`${url2}/graphql`);
    const resumed = collectSubscription(ws2, PROGRESS, { id: runBacktest.id });
    await resumed.done;
    await ws2.dispose();
    expect(resumed.events.at(-1)!.backtestProgress.status).toBe('COMPLETED');
    // Handed back, the job is due at once (asserted above): well within the lease it would otherwise wait out.
    expect(Date.now() - restartedAt).toBeLessThan(30_000);
    const { backtest } = await gqlData(graphqlClient(`${url2}/graphql`), `query B($id: ID!) { backtest(id: $id) { status attempts } }`, { id: runBacktest.id });
    expect(backtest).toEqual({ status: 'COMPLETED', attempts: 2 });
    await again.kill('SIGTERM');
  }, PROCESS_TEST_TIMEOUT_MS);
});
