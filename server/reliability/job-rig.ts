import pg from 'pg';
import type { App } from '../app.ts';
import { collectSubscription, gqlData, graphqlClient, wsClient, type GraphQLClient } from '../harness/graphql-client.ts';
import { startProcess, type RunningProcess } from '../harness/processes.ts';
import { insertCandles } from '../market-data/candle-store.ts';
import type { Interval } from '../../domain/intervals.ts';
import { generateSyntheticCandles } from '../market-data/synthetic.ts';
import type { FigureContext } from './figure.ts';

/** The market every job figure trades: 20,000 synthetic 15m candles (seed 11). */
export const FIGURE_MARKET = { symbol: 'SYNTH-ETHUSDT', interval: '15m' as Interval, count: 20_000, seed: 11, startMs: Date.UTC(2024, 0, 1) };

export type WorkKind = 'backtest' | 'sweep';

export interface SubmittedWork {
  readonly kind: WorkKind;
  readonly id: string;
  readonly variant: string;
  /** Resolves with the terminal status once the run's progress stream ends. */
  readonly finished: Promise<string>;
}

const RUN = `mutation Run($input: RunBacktestInput!) { runBacktest(input: $input) { id } }`;
const SWEEP = `mutation Sweep($input: OptimizeStrategyInput!) { optimizeStrategy(input: $input) { id } }`;
const PROGRESS: Record<WorkKind, { query: string; field: string }> = {
  backtest: { query: `subscription P($id: ID!) { backtestProgress(id: $id) { status } }`, field: 'backtestProgress' },
  sweep: { query: `subscription P($id: ID!) { optimizationProgress(id: $id) { status } }`, field: 'optimizationProgress' },
};

/**
 * The API in this process (default job settings) on a database of its own with FIGURE_MARKET stored,
 * and worker processes started from `npm run worker`'s entry point, which a figure may SIGKILL.
 */
export interface JobRig {
  readonly databaseUrl: string;
  readonly api: App;
  readonly pool: pg.Pool;
  readonly gql: GraphQLClient;
  readonly workers: Set<RunningProcess>;
  /** A worker process, ready to fetch jobs; `env` adds to (never replaces) the defaults. */
  startWorker(env?: Record<string, string>): Promise<RunningProcess>;
  /** Queues a backtest or sweep over FIGURE_MARKET with `input` on top and follows it to its end. */
  submit(kind: WorkKind, variant: string, input: Record<string, unknown>): Promise<SubmittedWork>;
  stop(): Promise<void>;
}

export async function startJobRig(context: FigureContext, label: string): Promise<JobRig> {
  const databaseUrl = await context.createDatabase(label);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  const api = await context.startApp(databaseUrl, { api: true, worker: false });
  const columns = generateSyntheticCandles({ ...FIGURE_MARKET });
  await insertCandles(pool, FIGURE_MARKET.symbol, FIGURE_MARKET.interval, columns);
  const gql = graphqlClient(api.graphqlUrl!);
  const workers = new Set<RunningProcess>();
  const streams = wsClient(api.graphqlUrl!);
  const market = {
    symbols: [FIGURE_MARKET.symbol],
    timeframe: FIGURE_MARKET.interval,
    startDate: new Date(FIGURE_MARKET.startMs).toISOString(),
    endDate: new Date(columns.openTime[columns.openTime.length - 1] + (columns.openTime[1] - columns.openTime[0])).toISOString(),
    initialCapital: 10_000,
  };
  return {
    databaseUrl,
    api,
    pool,
    gql,
    workers,
    async startWorker(env = {}) {
      // JSON debug logs carry the runner's "Started/Let go of job" records (jobs/runner.ts).
      const worker = startProcess('server/worker.ts', { DATABASE_URL: databaseUrl, LOG_LEVEL: 'debug', LOG_FORMAT: 'json', ...env });
      workers.add(worker);
      await worker.waitForLine(/Worker ready/);
      return worker;
    },
    async submit(kind, variant, input) {
      const data = await gqlData(gql, kind === 'backtest' ? RUN : SWEEP, { input: { ...market, name: `${kind} ${variant}`, ...input } });
      const id: string = kind === 'backtest' ? data.runBacktest.id : data.optimizeStrategy.id;
      const progress = collectSubscription(streams, PROGRESS[kind].query, { id });
      const finished = progress.done.then(() => String(progress.events.at(-1)?.[PROGRESS[kind].field]?.status));
      await progress.firstEvent;
      return { kind, id, variant, finished };
    },
    async stop() {
      await Promise.all([...workers].map((worker) => worker.kill('SIGKILL')));
      await streams.dispose();
      await pool.end();
      await api.stop();
    },
  };
}

/**
 * The jobs a worker process held when it was stopped, read from its runner's debug records: the
 * exact set to watch for a retry after a SIGKILL.
 */
export function heldJobs(worker: RunningProcess): Set<string> {
  const held = new Set<string>();
  for (const line of worker.output().split('\n')) {
    if (!line.startsWith('{')) continue;
    let record: { jobId?: unknown; held?: unknown };
    try {
      record = JSON.parse(line) as typeof record;
    } catch {
      continue;
    }
    if (typeof record.jobId !== 'string' || typeof record.held !== 'boolean') continue;
    if (record.held) held.add(record.jobId);
    else held.delete(record.jobId);
  }
  return held;
}

/** How often a worker process's runner logged starting this job. */
export function startsOf(worker: RunningProcess, jobId: string): number {
  return worker.output().split('\n').filter((line) => line.includes(`"jobId":"${jobId}"`) && line.includes('"held":true')).length;
}

/**
 * What a completed run or sweep stored, reduced to what must not depend on how many attempts it
 * took: equal fingerprints for the same input mean nothing was lost or stored twice.
 */
export async function resultFingerprint(pool: pg.Pool, work: Pick<SubmittedWork, 'kind' | 'id'>): Promise<string> {
  if (work.kind === 'backtest') {
    const { rows } = await pool.query(
      `SELECT r.status, r.total_trades, round(r.final_equity::numeric, 6) AS final_equity,
              (SELECT count(*) FROM backtest_trade t WHERE t.run_id = r.id) AS trades,
              (SELECT count(DISTINCT seq) FROM backtest_trade t WHERE t.run_id = r.id) AS distinct_trades,
              (SELECT round(sum(profit_loss)::numeric, 6) FROM backtest_trade t WHERE t.run_id = r.id) AS trade_pnl,
              (SELECT count(*) FROM backtest_equity_point e WHERE e.run_id = r.id) AS equity_points,
              (SELECT count(DISTINCT timestamp) FROM backtest_equity_point e WHERE e.run_id = r.id) AS distinct_equity_points
         FROM backtest_run r WHERE r.id = $1`,
      [work.id],
    );
    return JSON.stringify(rows[0]);
  }
  const { rows } = await pool.query(
    `SELECT s.status, s.total_combinations, s.total_evaluations, s.completed_evaluations,
            (SELECT count(*) FROM strategy_optimization o WHERE o.sweep_id = s.id) AS rows,
            (SELECT md5(string_agg(concat_ws('|', o.window, o.phase, o.params_key, o.total_trades, round(o.roi::numeric, 9)), ',' ORDER BY o.window, o.phase, o.params_key))
               FROM strategy_optimization o WHERE o.sweep_id = s.id) AS row_digest
       FROM optimization_sweep s WHERE s.id = $1`,
    [work.id],
  );
  return JSON.stringify(rows[0]);
}
