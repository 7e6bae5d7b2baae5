/**
 * Candle store throughput against a throwaway embedded PostgreSQL (fsync off, like the test runs):
 * bulk insert rate, the time to load one year of 5m candles (105,120) into typed arrays, and a year of
 * 1m for one pair (525,600) stored and loaded.
 * Run alone with `npx tsx server/scripts/bench-market-data.ts`, or through `npm run bench`.
 */
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { migrate, openOrm } from '../db/orm.ts';
import { startThrowawayPostgres } from '../db/throwaway-postgres.ts';
import { createLogger } from '../logger.ts';
import { insertCandles, loadCandles } from '../market-data/candle-store.ts';
import { generateSyntheticCandles } from '../market-data/synthetic.ts';
import type { OhlcvColumns } from '../engine/index.ts';

export interface MarketDataBenchResult {
  readonly insertedCandles: number;
  readonly insertRatePerSecond: number;
  readonly loadCandles: number;
  readonly loadMsFirst: number;
  readonly loadMsBest: number;
}

const YEAR_5M = 105_120;
const YEAR_1M = 525_600;
const TARGET_YEAR_1M_MS = 300;

const BASELINE_SYMBOL = 'SYNTH-BASELINEUSDT';
const BASELINE_TABLE = `CREATE TABLE bench_candle_row (symbol varchar(40) NOT NULL, interval varchar(8) NOT NULL, open_time bigint NOT NULL,
  open float8 NOT NULL, high float8 NOT NULL, low float8 NOT NULL, close float8 NOT NULL, volume float8 NOT NULL, PRIMARY KEY (symbol, interval, open_time))`;
const BASELINE_INSERT = `INSERT INTO bench_candle_row SELECT $1, '5m', t, o, h, l, c, v
  FROM unnest($2::bigint[], $3::float8[], $4::float8[], $5::float8[], $6::float8[], $7::float8[]) AS u(t, o, h, l, c, v)`;
const BASELINE_LOAD = `SELECT ${['open_time::float8', 'open', 'high', 'low', 'close', 'volume'].map((column, k) => `string_agg(float8send(${column}), ''::bytea ORDER BY open_time) AS c${k}`).join(', ')}
  FROM bench_candle_row WHERE symbol = $1 AND interval = '5m'`;
const baselineParams = (cols: OhlcvColumns, from: number, to: number) => [
  BASELINE_SYMBOL,
  ...[cols.openTime, cols.open, cols.high, cols.low, cols.close, cols.volume].map((column) => `{${column.subarray(from, to).join(',')}}`),
];

export async function benchMarketData(options: { symbols?: number } = {}): Promise<MarketDataBenchResult> {
  const log = createLogger('error', 'bench');
  const server = await startThrowawayPostgres(log);
  const orm = await openOrm(server.url);
  const pool = new pg.Pool({ connectionString: server.url, max: 6 });
  pool.on('error', () => {});
  try {
    await migrate(orm, server.url);
    const symbols = Array.from({ length: options.symbols ?? 4 }, (_, i) => `SYNTH-BENCH${i}USDT`);
    const data = symbols.map((symbol, i) => ({ symbol, cols: generateSyntheticCandles({ symbol, interval: '5m', startMs: Date.UTC(2023, 0, 1), count: YEAR_5M, seed: i + 1 }) }));
    const started = performance.now();
    let inserted = 0;
    for (const { symbol, cols } of data) inserted += await insertCandles(pool, symbol, '5m', cols);
    const seconds = (performance.now() - started) / 1000;
    const rate = inserted / seconds;
    // Re-importing the same data reads each chunk back and finds nothing new in it.
    const againStarted = performance.now();
    let duplicates = 0;
    for (const { symbol, cols } of data) duplicates += await insertCandles(pool, symbol, '5m', cols);
    const againSeconds = (performance.now() - againStarted) / 1000;

    const times: number[] = [];
    let loaded = 0;
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      const series = await loadCandles(pool, symbols[0], '5m', Date.UTC(2023, 0, 1), Date.UTC(2024, 0, 1));
      times.push(performance.now() - t0);
      loaded = series.length;
    }
    // The baseline in the same run: a row per candle, written and read the fastest way rows allow (the store
    // until chunks: unnest of whole columns, then each column aggregated into one float8 blob).
    const baselineCols = generateSyntheticCandles({ symbol: BASELINE_SYMBOL, interval: '5m', startMs: Date.UTC(2023, 0, 1), count: YEAR_5M, seed: 99 });
    await pool.query(BASELINE_TABLE);
    const rowInsertStarted = performance.now();
    for (let i = 0; i < YEAR_5M; i += 20_000) await pool.query(BASELINE_INSERT, baselineParams(baselineCols, i, Math.min(YEAR_5M, i + 20_000)));
    const rowInsertRate = YEAR_5M / ((performance.now() - rowInsertStarted) / 1000);
    const rowLoadTimes: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      const { rows } = await pool.query<{ c0: Buffer }>(BASELINE_LOAD, [BASELINE_SYMBOL]);
      rowLoadTimes.push(performance.now() - t0);
      if (rows[0].c0.length !== YEAR_5M * 8) throw new Error(`baseline loaded ${rows[0].c0.length / 8} candles`);
    }
    const rowLoadMs = Math.min(...rowLoadTimes);

    const result = { insertedCandles: inserted, insertRatePerSecond: Math.round(rate), loadCandles: loaded, loadMsFirst: times[0], loadMsBest: Math.min(...times) };
    console.log('Market data (embedded PostgreSQL, candle chunks)');
    console.log(`  insert: ${inserted.toLocaleString('en-US')} candles in ${seconds.toFixed(2)} s = ${result.insertRatePerSecond.toLocaleString('en-US')} candles/s (target ≥ 100,000)`);
    console.log(`          baseline, a row per candle (unnest, 20,000 rows a statement): ${Math.round(rowInsertRate).toLocaleString('en-US')} candles/s → store is ${(rate / rowInsertRate).toFixed(1)}× faster`);
    console.log(`  re-import of the same candles: ${duplicates} new, ${Math.round(inserted / againSeconds).toLocaleString('en-US')} candles/s checked`);
    console.log(`  load:   ${loaded.toLocaleString('en-US')} candles (one year of 5m) in ${result.loadMsFirst.toFixed(1)} ms first, ${result.loadMsBest.toFixed(1)} ms best of 5 (target well under 1 s)`);
    console.log(`          baseline, a row per candle (each column aggregated into a blob, best of 5): ${rowLoadMs.toFixed(1)} ms → store is ${(rowLoadMs / result.loadMsBest).toFixed(1)}× faster`);
    await yearOf1m(pool, result.loadMsBest);
    return result;
  } finally {
    await pool.end();
    await orm.close();
    await server.stop();
  }
}

/** A year of 1m for one pair: the insert, then the load (best of 5), against the year of 5m's load as the baseline. */
async function yearOf1m(pool: pg.Pool, yearOf5mLoadMs: number): Promise<void> {
  const symbol = 'SYNTH-MINUTEUSDT';
  const from = Date.UTC(2023, 0, 1);
  const cols = generateSyntheticCandles({ symbol, interval: '1m', startMs: from, count: YEAR_1M, seed: 7 });
  const storeStarted = performance.now();
  const stored = await insertCandles(pool, symbol, '1m', cols);
  const storeMs = performance.now() - storeStarted;
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    const series = await loadCandles(pool, symbol, '1m', from, from + YEAR_1M * 60_000);
    times.push(performance.now() - t0);
    if (series.length !== YEAR_1M) throw new Error(`loaded ${series.length} 1m candles`);
  }
  const loadMs = Math.min(...times);
  console.log(`  a year of 1m for one pair (${YEAR_1M.toLocaleString('en-US')} candles): stored in ${storeMs.toFixed(0)} ms (${stored.toLocaleString('en-US')} new), loaded in ${loadMs.toFixed(1)} ms best of 5 — ${(loadMs / yearOf5mLoadMs).toFixed(1)}× the year of 5m's load for 5× the candles`);
  console.log(`          target load <= ${TARGET_YEAR_1M_MS} ms: ${loadMs <= TARGET_YEAR_1M_MS ? 'PASS' : 'FAIL'}; store + load ${(storeMs + loadMs).toFixed(0)} ms <= ${TARGET_YEAR_1M_MS} ms: ${storeMs + loadMs <= TARGET_YEAR_1M_MS ? 'PASS' : 'FAIL'}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await benchMarketData();
