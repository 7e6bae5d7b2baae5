import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAST_JOBS_ENV, startTestApp, type TestApp } from '../helpers/app.ts';
import { seedSyntheticCandles } from '../helpers/candles.ts';
import { collectSubscription, gqlData, wsClient } from '../../harness/graphql-client.ts';
import { startProcess, type RunningProcess } from '../../harness/processes.ts';

const RUN = `mutation Run($input: RunBacktestInput!) { runBacktest(input: $input) { id } }`;
const PROGRESS = `subscription P($id: ID!) { backtestProgress(id: $id) { status progress barsProcessed } }`;
const RESULT = `query R($id: ID!) { backtest(id: $id) { status attempts metrics { totalTrades } trades(first: 1) { totalCount } equityCurve(maxPoints: 5000) { timestamp } } }`;

/**
 * The API process (this test process, no worker of its own) and workers started with
 * `npm run worker`'s entry point as separate OS processes, sharing one database.
 */
describe('workers in other processes', () => {
  let api: TestApp;
  let range: { fromMs: number; toMs: number };
  const workers: RunningProcess[] = [];

  const startWorker = (extraEnv: Record<string, string> = {}) => {
    const worker = startProcess('server/worker.ts', { DATABASE_URL: api.databaseUrl, ...FAST_JOBS_ENV, ...extraEnv });
    workers.push(worker);
    return worker;
  };

  const runInput = (name: string) => ({
    name,
    symbols: ['SYNTH-ETHUSDT'],
    timeframe: '15m',
    startDate: new Date(range.fromMs).toISOString(),
    endDate: new Date(range.toMs).toISOString(),
    strategy: 'confluence',
    initialCapital: 10_000,
  });

  beforeAll(async () => {
    // A short lease so a killed worker's job is retried within seconds.
    api = await startTestApp({ worker: false, env: { JOB_LEASE_SECONDS: '3' } });
    range = await seedSyntheticCandles(api.databaseUrl, { symbol: 'SYNTH-ETHUSDT', interval: '15m', count: 20_000, seed: 11 });
  });

  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.kill('SIGKILL')));
    await api?.stop();
  });

  it('a worker process picks up jobs created by the API and its progress reaches API subscribers', async () => {
    const { runBacktest } = await gqlData(api.gql, RUN, { input: runInput('cross-process') });
    const ws = wsClient(api.graphqlUrl!);
    const progress = collectSubscription(ws, PROGRESS, { id: runBacktest.id });
    await progress.firstEvent;
    // Each slice held up past the live events' interval (backtest.job.ts): every one of the 40 is announced.
    const worker = startWorker({ CANDLELAB_FAILPOINTS: 'backtest.simulate.slice=delay:60' });
    await worker.waitForLine(/Worker ready/);
    await progress.done;
    await ws.dispose();
    const statuses = progress.events.map((e) => e.backtestProgress);
    expect(statuses.at(-1)!.status).toBe('COMPLETED');
    const running = statuses.filter((s) => s.status === 'RUNNING' && s.progress > 0);
    expect(running.map((s) => s.barsProcessed)).toEqual(Array.from({ length: 40 }, (_, i) => (i + 1) * 500));
    await worker.kill('SIGTERM');
    expect(await worker.exited).toBe(0);
  });

  it.each(['backtest.simulate.midway', 'backtest.persist.afterTrades'])(
    'a worker SIGKILLed at %s is replaced and the run completes exactly once',
    async (failpoint) => {
      const { runBacktest } = await gqlData(api.gql, RUN, { input: runInput(`crash at ${failpoint}`) });
      const doomed = startWorker({ CANDLELAB_FAILPOINTS: failpoint });
      await doomed.waitForLine(new RegExp(`failpoint ${failpoint.replace('.', '\\.')} reached`));
      doomed.child.kill('SIGKILL');
      await doomed.exited;

      const ws = wsClient(api.graphqlUrl!);
      const progress = collectSubscription(ws, PROGRESS, { id: runBacktest.id });
      await progress.firstEvent;
      const rescuer = startWorker();
      await progress.done;
      await ws.dispose();
      expect(progress.events.at(-1)!.backtestProgress.status).toBe('COMPLETED');

      const { backtest } = await gqlData(api.gql, RESULT, { id: runBacktest.id });
      expect(backtest.status).toBe('COMPLETED');
      expect(backtest.attempts).toBe(2);
      expect(backtest.trades.totalCount).toBe(backtest.metrics.totalTrades);
      const client = new pg.Client({ connectionString: api.databaseUrl });
      await client.connect();
      try {
        const trades = await client.query('SELECT count(*)::int AS n, count(DISTINCT seq)::int AS distinct_seq FROM backtest_trade WHERE run_id = $1', [runBacktest.id]);
        expect(trades.rows[0].n).toBe(backtest.metrics.totalTrades);
        expect(trades.rows[0].distinct_seq).toBe(trades.rows[0].n);
        const metrics = await client.query('SELECT count(*)::int AS n, count(DISTINCT timestamp)::int AS distinct_ts FROM backtest_equity_point WHERE run_id = $1', [runBacktest.id]);
        expect(metrics.rows[0].n).toBeGreaterThan(0);
        expect(metrics.rows[0].distinct_ts).toBe(metrics.rows[0].n);
        expect(metrics.rows[0].n).toBe(backtest.equityCurve.length);
      } finally {
        await client.end();
      }
      await rescuer.kill('SIGTERM');
    },
  );
});
