/**
 * End-to-end job figures on the real app (API + worker in one process, throwaway embedded PostgreSQL,
 * fsync off as in tests): from the GraphQL mutation to the COMPLETED event a subscriber receives, with
 * the job's own account of where the time went (pickup, load, simulate, store, publish).
 * Run alone with `npx tsx server/scripts/bench-jobs.ts` (`--single`: the single run only), or through `npm run bench`.
 */
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import type { EntityMetadata } from '@mikro-orm/core';
import { startApp } from '../app.ts';
import { BacktestFill } from '../backtest/backtest-fill.entity.ts';
import { BacktestTrade } from '../backtest/backtest-trade.entity.ts';
import { bulkInsert, copyInsert } from '../db/bulk-insert.ts';
import { loadConfig } from '../config.ts';
import { startThrowawayPostgres } from '../db/throwaway-postgres.ts';
import { migrate, openOrm } from '../db/orm.ts';
import { QUEUES } from '../jobs/queues.ts';
import { createLogger } from '../logger.ts';
import { insertCandles } from '../market-data/candle-store.ts';
import { generateSyntheticCandles } from '../market-data/synthetic.ts';
import { tuneV8ForTheEngine } from '../v8-tuning.ts';

const YEAR_5M = 105_120;
const START = Date.UTC(2025, 0, 1);
const TARGET_SINGLE_RUN_MS = 250;
/** The market and money of both end-to-end figures: the stored year of synthetic 5m. */
const YEAR_OF_5M_INPUT = {
  symbols: ['SYNTH-BTCUSDT'],
  timeframe: '5m',
  startDate: new Date(START).toISOString(),
  endDate: new Date(START + YEAR_5M * 300_000).toISOString(),
  initialCapital: 10_000,
  positionSize: 1_000,
};

/** A throwaway embedded PostgreSQL with the schema migrated, for an end-to-end bench. */
export async function migratedThrowawayPostgres(log: ReturnType<typeof createLogger>) {
  const server = await startThrowawayPostgres(log);
  const orm = await openOrm(server.url);
  await migrate(orm, server.url);
  await orm.close();
  return server;
}

export async function benchJobs(): Promise<void> {
  const log = createLogger('error', 'bench');
  const server = await migratedThrowawayPostgres(log);
  try {
    const pool = new pg.Pool({ connectionString: server.url, max: 2 });
    const candles = generateSyntheticCandles({ symbol: 'SYNTH-BTCUSDT', interval: '5m', startMs: START, count: YEAR_5M, seed: 1 });
    await insertCandles(pool, 'SYNTH-BTCUSDT', '5m', candles);
    await pool.end();

    const env = { DATABASE_URL: server.url, PORT: '0', CANDLELAB_SERVE_WEB: 'false', CANDLELAB_SAMPLE_DATA: 'false', LOG_LEVEL: 'error' };
    const app = await startApp(loadConfig(env), { api: true, worker: true, log });
    const ws = createClient({ url: app.graphqlUrl!.replace(/^http/, 'ws'), webSocketImpl: WebSocket });
    try {
      const runId = await singleRun(app.graphqlUrl!, ws, app.services.boss);
      await rowWriters(app.services, runId);
    } finally {
      await ws.dispose();
      await app.stop();
    }
    if (process.argv.includes('--single')) return;
    console.log('');
    await sweeps(env, log);
  } finally {
    await server.stop();
  }
}

/** A year of 5m confluence: mutation → COMPLETED as a subscriber sees it, best of several after a warm-up. */
async function singleRun(url: string, ws: ReturnType<typeof createClient>, boss: import('pg-boss')) {
  const input = { ...YEAR_OF_5M_INPUT, strategy: 'confluence' };
  const samples: Array<{ id: string; totalMs: number; pickupMs: number; trades: number; timings: Record<string, number> }> = [];
  for (let i = 0; i < 6; i++) {
    const completed = new Map<string, number>();
    const waiters = new Map<string, () => void>();
    const stopWatching = ws.subscribe(
      { query: 'subscription { backtestChanges { backtestId run { status } } }' },
      {
        next: ({ data }) => {
          const change = (data as { backtestChanges: { backtestId: string; run: { status: string } | null } }).backtestChanges;
          if (change.run?.status === 'COMPLETED' && !completed.has(change.backtestId)) {
            completed.set(change.backtestId, performance.now());
            waiters.get(change.backtestId)?.();
          }
        },
        error: () => {},
        complete: () => {},
      },
    );
    // A throwaway request makes sure the subscription is attached before the timed one.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = performance.now();
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'mutation R($input: RunBacktestInput!) { runBacktest(input: $input) { id } }', variables: { input } }),
    });
    const id = ((await response.json()) as { data: { runBacktest: { id: string } } }).data.runBacktest.id;
    if (!completed.has(id)) await new Promise<void>((resolve) => waiters.set(id, resolve));
    const totalMs = completed.get(id)! - started;
    stopWatching();
    const { pickupMs, timings } = await backtestJobTimings(boss, id);
    const trades = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `query { backtest(id: "${id}") { metrics { totalTrades } } }` }),
    }).then(async (r) => ((await r.json()) as { data: { backtest: { metrics: { totalTrades: number } } } }).data.backtest.metrics.totalTrades);
    samples.push({ id, totalMs, pickupMs, trades, timings });
  }
  const best = samples.slice(1).sort((a, b) => a.totalMs - b.totalMs)[0];
  const parts = describeTimings(best.timings);
  console.log(`Single run, one year of 5m confluence (${YEAR_5M.toLocaleString('en')} bars, ${best.trades.toLocaleString('en')} trades), mutation → COMPLETED event:`);
  console.log(`  ${best.totalMs.toFixed(0)} ms best of ${samples.length - 1} (median ${median(samples.slice(1).map((s) => s.totalMs)).toFixed(0)} ms) — pickup ${best.pickupMs.toFixed(0)} ms, ${parts}`);
  console.log(`  target <= ${TARGET_SINGLE_RUN_MS} ms: ${best.totalMs <= TARGET_SINGLE_RUN_MS ? 'PASS' : 'FAIL'}`);
  return best.id;
}

/**
 * The two ways rows go in, on a stored run's own trades and fills (read back, written again inside a
 * transaction that is rolled back): one COPY per table (what a run stores with) against one INSERT of
 * unnest'ed column arrays (the baseline), alternating, best of 5 each.
 */
async function rowWriters(services: import('../services.ts').AppServices, runId: string) {
  const metadata = services.orm.getMetadata();
  const tables = await Promise.all(
    [BacktestTrade, BacktestFill].map(async (entity) => {
      const meta = metadata.get(entity.meta.className);
      const { rows } = await services.pool.query<Record<string, unknown>>(`SELECT * FROM "${meta.tableName}" WHERE run_id = $1`, [runId]);
      const props = meta.props.filter((prop) => !prop.primary && (prop.kind === 'scalar' || prop.kind === 'm:1'));
      return { meta, rows: rows.map((row) => Object.fromEntries(props.map((prop) => [prop.name, row[prop.fieldNames[0]]]))) };
    }),
  );
  const timeWriter = async (write: (client: import('pg').PoolClient, meta: EntityMetadata, rows: Array<Record<string, unknown>>) => Promise<number>) => {
    const client = await services.pool.connect();
    try {
      await client.query('BEGIN');
      for (const { meta } of [...tables].reverse()) await client.query(`DELETE FROM "${meta.tableName}" WHERE run_id = $1`, [runId]);
      const started = performance.now();
      for (const { meta, rows } of tables) await write(client, meta, rows);
      return performance.now() - started;
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  };
  const copy: number[] = [];
  const unnest: number[] = [];
  for (let i = 0; i < 6; i++) {
    copy.push(await timeWriter(copyInsert));
    unnest.push(await timeWriter((client, meta, rows) => bulkInsert(client, meta, rows)));
  }
  const best = (times: number[]) => Math.min(...times.slice(1));
  console.log(
    `  its ${tables.map(({ meta, rows }) => `${rows.length.toLocaleString('en')} ${meta.tableName}`).join(' and ')} rows: COPY ${best(copy).toFixed(1)} ms, INSERT … unnest (baseline) ${best(unnest).toFixed(1)} ms best of 5 — COPY takes ${(best(copy) / best(unnest)).toFixed(2)}× the time`,
  );
}

/**
 * The grid: ema_cross fast 3..51 step 2 × slow 20..240 step 5, 2 % stop, 2R target, searched on
 * the whole year of 5m (`validation: {}`: no hold-out, so every evaluation covers every bar and the
 * bar-evaluation rate is exact). The default 25 % hold-out is timed once besides.
 */
const SWEEP_INPUT = {
  ...YEAR_OF_5M_INPUT,
  validation: {} as Record<string, unknown>,
  strategy: 'ema_cross',
  parameterRanges: { fast: { min: 3, max: 51, step: 2 }, slow: { min: 20, max: 240, step: 5 } },
  baseParams: { stopLossPct: 2, riskReward: 2 },
};
const TARGET_SWEEP_MS = 1_000;

/**
 * The 1,064-combination sweep from mutation to COMPLETED (every row stored), in three set-ups on the
 * same machine and data: one worker with its thread pool (the default), one worker evaluating on the
 * job's own thread, and two worker processes of one thread each against one.
 */
async function sweeps(env: Record<string, string>, log: ReturnType<typeof createLogger>) {
  const variant = async (label: string, threads: number, extraWorkers: number, input = SWEEP_INPUT) => {
    const app = await startApp(loadConfig({ ...env, EVALUATION_THREADS: String(threads) }), { api: true, worker: true, log });
    const others = await Promise.all(Array.from({ length: extraWorkers }, () => startWorkerProcess({ ...env, EVALUATION_THREADS: String(threads) })));
    try {
      await timedSweep(app.graphqlUrl!, input, env.DATABASE_URL); // warm-up: thread start, indicator code paths
      const times: number[] = [];
      let rows = 0;
      for (let i = 0; i < 3; i++) {
        const { ms, evaluations } = await timedSweep(app.graphqlUrl!, input, env.DATABASE_URL);
        times.push(ms);
        rows = evaluations;
      }
      const best = Math.min(...times);
      const rate = input === SWEEP_INPUT ? `  ${((rows * YEAR_5M) / best / 1000).toFixed(1).padStart(5)} M bar-evaluations/s` : '';
      console.log(`  ${label.padEnd(50)} ${best.toFixed(0).padStart(6)} ms best of 3${rate}`);
      return { best, rows };
    } finally {
      await Promise.all(others.map((child) => child.stop()));
      await app.stop();
    }
  };
  console.log(`Sweep, ema_cross grid on one year of 5m (${YEAR_5M.toLocaleString('en')} bars), mutation → COMPLETED with every row stored:`);
  const pooled = await variant('1 worker, thread pool (one thread per core)', availableParallelism(), 0);
  const single = await variant('1 worker, no thread pool', 0, 0);
  const oneThread = await variant('1 worker, 1 thread', 1, 0);
  const twoWorkers = await variant('2 worker processes, 1 thread each', 1, 1);
  await variant('1 worker, thread pool, default 25 % hold-out test', availableParallelism(), 0, { ...SWEEP_INPUT, validation: { holdoutFraction: 0.25 } });
  console.log(`  ${pooled.rows.toLocaleString('en')} evaluations of a year each (the grid and the current parameters); thread pool over none ${(single.best / pooled.best).toFixed(2)}×; 2 workers over 1 ${(oneThread.best / twoWorkers.best).toFixed(2)}×`);
  console.log(`  target <= ${TARGET_SWEEP_MS} ms: ${pooled.best <= TARGET_SWEEP_MS ? 'PASS' : 'FAIL'}`);
}

/** Where a finished backtest job's time went, from its pg-boss record: the wait for a worker and the job's own laps. */
export async function backtestJobTimings(boss: import('pg-boss'), backtestId: string): Promise<{ pickupMs: number; timings: Record<string, number> }> {
  // The run's COMPLETED event goes out just before pg-boss records the job's output.
  let job = await boss.getJobById(QUEUES.backtest, backtestId, { includeArchive: true });
  for (let wait = 0; wait < 40 && job?.state !== 'completed'; wait++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    job = await boss.getJobById(QUEUES.backtest, backtestId, { includeArchive: true });
  }
  const output = (job?.output ?? {}) as { timings?: Record<string, number> };
  const pickupMs = job?.startedOn && job.createdOn ? job.startedOn.getTime() - job.createdOn.getTime() : NaN;
  return { pickupMs, timings: output.timings ?? {} };
}

/** A job's laps as one line: `load 12.3 ms, simulate …`. */
export const describeTimings = (timings: Record<string, number>) => Object.entries(timings).map(([name, ms]) => `${name.replace(/Ms$/, '')} ${ms.toFixed(1)} ms`).join(', ');

/**
 * One sweep timed from the mutation to its COMPLETED event, then (untimed) until `databaseUrl`'s queues are
 * idle: a completed sweep queues its recommendations, which would otherwise run beside the next timed sweep.
 */
export async function timedSweep(url: string, input: Record<string, unknown>, databaseUrl: string): Promise<{ ms: number; evaluations: number }> {
  const timed = await sweepToCompletion(url, input);
  await untilJobsSettle(databaseUrl);
  return timed;
}

/** Polls pg-boss's job table until no job is queued, retrying or running (a bench, not a test: polling is fine here). */
export async function untilJobsSettle(databaseUrl: string, timeoutMs = 120_000): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 50))) {
      const { rows } = await client.query<{ n: number }>("SELECT count(*)::int AS n FROM pgboss.job WHERE state IN ('created', 'retry', 'active')");
      if (rows[0].n === 0) return;
    }
    throw new Error(`jobs still queued or running after ${timeoutMs} ms`);
  } finally {
    await client.end();
  }
}

async function sweepToCompletion(url: string, input: Record<string, unknown>): Promise<{ ms: number; evaluations: number }> {
  const started = performance.now();
  const created = await gql(url, 'mutation O($input: OptimizeStrategyInput!) { optimizeStrategy(input: $input) { id totalEvaluations } }', { input });
  const { id, totalEvaluations } = created.optimizeStrategy as { id: string; totalEvaluations: number };
  const ws = createClient({ url: url.replace(/^http/, 'ws'), webSocketImpl: WebSocket });
  try {
    await new Promise<void>((resolve, reject) => {
      ws.subscribe(
        { query: `subscription { optimizationProgress(id: "${id}") { status message } }` },
        {
          next: ({ data }) => {
            const event = (data as { optimizationProgress: { status: string; message: string | null } }).optimizationProgress;
            if (event.status === 'COMPLETED') resolve();
            else if (event.status === 'FAILED' || event.status === 'CANCELLED') reject(new Error(`sweep ${event.status}: ${event.message}`));
          },
          error: reject,
          complete: () => {},
        },
      );
    });
  } finally {
    await ws.dispose();
  }
  return { ms: performance.now() - started, evaluations: totalEvaluations };
}

export async function gql(url: string, query: string, variables: Record<string, unknown>): Promise<Record<string, unknown>> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  const body = (await response.json()) as { data?: Record<string, unknown>; errors?: unknown };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data!;
}

/** `npm run worker` as a separate OS process, ready once it says so. */
async function startWorkerProcess(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, '../worker.ts')], { env: { ...process.env, ...env, LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('Worker ready') && resolve());
    child.on('exit', (code) => reject(new Error(`worker exited with ${code}`)));
  });
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        child.on('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  tuneV8ForTheEngine();
  await benchJobs();
}
