/**
 * Universe figures on the real app (API + worker in one process, throwaway embedded PostgreSQL): a run over
 * a stored 30-pair universe and a 100-combination sweep over it, each from the mutation to COMPLETED, with
 * the same strategy on one of its pairs measured in the same run as the baseline the ratios are taken
 * against; then the universe run over a year of 5m. Run alone with `npx tsx server/scripts/bench-universes.ts`, or through `npm run bench`.
 */
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { streamToEnd } from '../harness/graphql-client.ts';
import { startApp, type App } from '../app.ts';
import { loadConfig } from '../config.ts';
import { createLogger } from '../logger.ts';
import { insertCandles } from '../market-data/candle-store.ts';
import { generateSyntheticCandles } from '../market-data/synthetic.ts';
import { backtestJobTimings, describeTimings, gql, median, migratedThrowawayPostgres, timedSweep } from './bench-jobs.ts';
import { tuneV8ForTheEngine } from '../v8-tuning.ts';

const PAIRS = Array.from({ length: 30 }, (_, k) => `SYNTH-U${String(k).padStart(2, '0')}USDT`);
const YEAR_1H = 8_760;
const YEAR_5M = 105_120;
const START = Date.UTC(2025, 0, 1);
const TARGET_UNIVERSE_RUN_MS = 400;
const TARGET_UNIVERSE_5M_RUN_MS = 2_000;
const TARGET_UNIVERSE_SWEEP_MS = 5_000;
const SAMPLES = 5;

/** The account and market of every scenario: a year of 1h, shared capital split equally over 5 slots. */
const MARKET = {
  timeframe: '1h',
  startDate: new Date(START).toISOString(),
  endDate: new Date(START + YEAR_1H * 3_600_000).toISOString(),
  initialCapital: 10_000,
  sizingMode: 'EQUAL_SPLIT',
  maxOpenPositions: 5,
  fetchMissingData: false,
};
export const RUN = { ...MARKET, strategy: 'ema_cross', strategyParams: { fast: 8, slow: 21 } };
/** The same run over a year of 5m (the same span). */
const RUN_5M = { ...RUN, timeframe: '5m', endDate: new Date(START + YEAR_5M * 300_000).toISOString() };
/** 10 × 10 = 100 combinations (plus the current parameters), every evaluation over the whole year. */
const SWEEP = { ...MARKET, strategy: 'ema_cross', validation: {}, parameterRanges: { fast: { min: 5, max: 23, step: 2 }, slow: { min: 30, max: 120, step: 10 } } };

export async function benchUniverses(): Promise<void> {
  const log = createLogger('error', 'bench');
  const server = await migratedThrowawayPostgres(log);
  try {
    const pool = new pg.Pool({ connectionString: server.url, max: 2 });
    for (const [k, symbol] of PAIRS.entries()) {
      await insertCandles(pool, symbol, '1h', generateSyntheticCandles({ symbol, interval: '1h', startMs: START, count: YEAR_1H, seed: 100 + k }));
      await insertCandles(pool, symbol, '5m', generateSyntheticCandles({ symbol, interval: '5m', startMs: START, count: YEAR_5M, seed: 200 + k }));
    }
    await pool.end();
    const env = { DATABASE_URL: server.url, PORT: '0', CANDLELAB_SERVE_WEB: 'false', CANDLELAB_SAMPLE_DATA: 'false', LOG_LEVEL: 'error' };
    const app = await startApp(loadConfig(env), { api: true, worker: true, log });
    try {
      const url = app.graphqlUrl!;
      const created = await gql(url, 'mutation C($input: CreateUniverseInput!) { createUniverse(input: $input) { id } }', { input: { name: 'bench 30 USDT', symbols: PAIRS } });
      const universe = (created.createUniverse as { id: string }).id;

      console.log(`Universe of ${PAIRS.length} pairs, one year of 1h each (${(PAIRS.length * YEAR_1H).toLocaleString('en')} bars), ema_cross, EQUAL_SPLIT over 5 slots, mutation → COMPLETED:`);
      const single = await bestRun(app, { ...RUN, symbols: [PAIRS[0]] });
      const many = await bestRun(app, { ...RUN, universe });
      console.log(`  one pair (baseline)        ${single.best.toFixed(0).padStart(6)} ms best of ${SAMPLES} (median ${single.median.toFixed(0)} ms) — ${single.parts}`);
      console.log(`  30-pair universe           ${many.best.toFixed(0).padStart(6)} ms best of ${SAMPLES} (median ${many.median.toFixed(0)} ms) — ${(many.best / single.best).toFixed(1)}× the one pair for 30× the bars; ${many.parts}`);
      console.log(`  target <= ${TARGET_UNIVERSE_RUN_MS} ms: ${many.best <= TARGET_UNIVERSE_RUN_MS ? 'PASS' : 'FAIL'}`);

      console.log(`Sweep of ${10 * 10} combinations on the same market, mutation → COMPLETED with every row stored:`);
      const singleSweep = await bestOf(async () => (await timedSweep(url, { ...SWEEP, symbols: [PAIRS[0]] }, server.url)).ms, 3);
      const universeSweep = await bestOf(async () => (await timedSweep(url, { ...SWEEP, universe }, server.url)).ms, 3);
      console.log(`  one pair (baseline)        ${singleSweep.best.toFixed(0).padStart(6)} ms best of 3`);
      console.log(`  30-pair universe           ${universeSweep.best.toFixed(0).padStart(6)} ms best of 3 — ${(universeSweep.best / singleSweep.best).toFixed(1)}× the one pair`);
      console.log(`  target <= ${TARGET_UNIVERSE_SWEEP_MS} ms: ${universeSweep.best <= TARGET_UNIVERSE_SWEEP_MS ? 'PASS' : 'FAIL'}`);

      console.log(`The run over a year of 5m instead (${(PAIRS.length * YEAR_5M).toLocaleString('en')} bars), mutation → COMPLETED:`);
      const single5m = await bestRun(app, { ...RUN_5M, symbols: [PAIRS[0]] }, 3);
      const many5m = await bestRun(app, { ...RUN_5M, universe }, 3);
      console.log(`  one pair (baseline)        ${single5m.best.toFixed(0).padStart(6)} ms best of 3 (median ${single5m.median.toFixed(0)} ms) — ${single5m.parts}`);
      console.log(`  30-pair universe           ${many5m.best.toFixed(0).padStart(6)} ms best of 3 (median ${many5m.median.toFixed(0)} ms) — ${(many5m.best / single5m.best).toFixed(1)}× the one pair for 30× the bars; ${many5m.parts}`);
      console.log(`  target <= ${TARGET_UNIVERSE_5M_RUN_MS} ms: ${many5m.best <= TARGET_UNIVERSE_5M_RUN_MS ? 'PASS' : 'FAIL'}`);
    } finally {
      await app.stop();
    }
  } finally {
    await server.stop();
  }
}

/** One run from the mutation to the end of its progress stream (COMPLETED), failing loudly otherwise. */
export async function runToCompletion(url: string, input: Record<string, unknown>): Promise<{ id: string; ms: number }> {
  const started = performance.now();
  const created = await gql(url, 'mutation R($input: RunBacktestInput!) { runBacktest(input: $input) { id } }', { input });
  const id = (created.runBacktest as { id: string }).id;
  const events = await streamToEnd<{ backtestProgress: { status: string; message: string | null } }>(url, 'subscription P($id: ID!) { backtestProgress(id: $id) { status message } }', { id });
  const ms = performance.now() - started;
  const last = events.at(-1)?.backtestProgress;
  if (last?.status !== 'COMPLETED') throw new Error(`run ${id} ended ${last?.status}: ${last?.message}`);
  return { id, ms };
}

/** A warm-up, then the best and the median of `samples` runs, with where the fastest one's time went (the job's laps). */
async function bestRun(app: App, input: Record<string, unknown>, samples = SAMPLES): Promise<{ best: number; median: number; parts: string }> {
  await runToCompletion(app.graphqlUrl!, input);
  const runs: Array<{ id: string; ms: number }> = [];
  for (let i = 0; i < samples; i++) runs.push(await runToCompletion(app.graphqlUrl!, input));
  const fastest = runs.reduce((a, b) => (b.ms < a.ms ? b : a));
  const { pickupMs, timings } = await backtestJobTimings(app.services.boss, fastest.id);
  return { best: fastest.ms, median: median(runs.map((run) => run.ms)), parts: `pickup ${pickupMs.toFixed(0)} ms, ${describeTimings(timings)}` };
}

/** A warm-up, then the best and the median of `samples` timings. */
export async function bestOf(time: () => Promise<number>, samples = SAMPLES): Promise<{ best: number; median: number }> {
  await time();
  const times: number[] = [];
  for (let i = 0; i < samples; i++) times.push(await time());
  return { best: Math.min(...times), median: median(times) };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  tuneV8ForTheEngine();
  await benchUniverses();
}
