import type { Pool } from 'pg';
import type { Logger } from '../logger.ts';
import { insertCandles, storeIsEmpty } from './candle-store.ts';
import { countOpenTimes } from '../../domain/intervals.ts';
import { generateSyntheticCandles } from './synthetic.ts';
import { generatedFunding, insertFundingRates } from './funding-store.ts';

/**
 * The offline sample: two synthetic markets over the whole of 2025 in 5m bars, so a new user with
 * no network can run a backtest within a minute of the first start, and the README's examples (which
 * name 2025 dates) run as printed on any day. Only 5m is stored: 15m, 1h, 4h, 1d… are resampled from
 * it on load (series-loader.ts), so every timeframe describes the same market. Names carry the SYNTH-
 * prefix everywhere they appear.
 */

export const SAMPLE_SYMBOLS = [
  { symbol: 'SYNTH-BTCUSDT', seed: 20_240_101, startPrice: 30_000 },
  { symbol: 'SYNTH-ETHUSDT', seed: 20_240_102, startPrice: 2_000 },
] as const;

export const SAMPLE_INTERVAL = '5m';
export const SAMPLE_FROM_MS = Date.UTC(2025, 0, 1);
export const SAMPLE_TO_MS = Date.UTC(2026, 0, 1);

export interface SampleDataResult {
  readonly seeded: boolean;
  readonly symbols: string[];
  readonly intervals: string[];
  readonly candlesInserted: number;
  readonly fromMs: number;
  readonly toMs: number;
}

/** Seeds in flight in this process, by pool: concurrent requests (aliases of loadSampleData) share one. */
const seeding = new WeakMap<Pool, Promise<SampleDataResult>>();

/**
 * Seeds the sample (idempotent: re-seeding inserts nothing). A sample already stored whole is
 * recognised from the coverage table without generating it again, and concurrent calls share one
 * seeding, so loadSampleData aliased twenty times costs one seeding, not twenty.
 */
export function seedSampleData(pool: Pool, options: { log?: Logger } = {}): Promise<SampleDataResult> {
  let running = seeding.get(pool);
  if (!running) {
    running = seedOnce(pool, options).finally(() => seeding.delete(pool));
    seeding.set(pool, running);
  }
  return running;
}

const SAMPLE_CANDLES = countOpenTimes(SAMPLE_INTERVAL, SAMPLE_FROM_MS, SAMPLE_TO_MS);

async function sampleStoredWhole(pool: Pool): Promise<boolean> {
  const { rows } = await pool.query<{ whole: boolean }>(
    `SELECT count(*) = $3 AS whole FROM candle_coverage
      WHERE symbol = ANY($1::text[]) AND interval = $2 AND first_open_time <= $4 AND last_open_time >= $5 AND count >= $6`,
    [SAMPLE_SYMBOLS.map((s) => s.symbol), SAMPLE_INTERVAL, SAMPLE_SYMBOLS.length, SAMPLE_FROM_MS, SAMPLE_TO_MS - 1, SAMPLE_CANDLES],
  );
  return rows[0].whole;
}

async function seedOnce(pool: Pool, options: { log?: Logger }): Promise<SampleDataResult> {
  const count = SAMPLE_CANDLES;
  let inserted = 0;
  const result = (seeded: boolean) => ({ seeded, symbols: SAMPLE_SYMBOLS.map((s) => s.symbol), intervals: [SAMPLE_INTERVAL], candlesInserted: inserted, fromMs: SAMPLE_FROM_MS, toMs: SAMPLE_TO_MS });
  if (await sampleStoredWhole(pool)) return result(false);
  for (const s of SAMPLE_SYMBOLS) {
    const candles = generateSyntheticCandles({ symbol: s.symbol, interval: SAMPLE_INTERVAL, startMs: SAMPLE_FROM_MS, count, seed: s.seed, startPrice: s.startPrice });
    inserted += await insertCandles(pool, s.symbol, SAMPLE_INTERVAL, candles);
    // Generated funding too, so futures runs on the sample work offline.
    const funding = generatedFunding(SAMPLE_FROM_MS, SAMPLE_TO_MS, s.seed);
    await insertFundingRates(pool, s.symbol, funding.timeMs, funding.rate);
  }
  options.log?.info(`Sample data: ${inserted} synthetic ${SAMPLE_INTERVAL} candles for ${SAMPLE_SYMBOLS.map((s) => s.symbol).join(', ')} (2025; higher timeframes are resampled)`);
  return result(inserted > 0);
}

/**
 * The first-start hook: with an empty store and Binance unreachable there is nothing to backtest
 * and no way to get data, so the sample is loaded. With network access the store stays empty and the
 * UI offers both fetching real history and loading the sample (mutation loadSampleData).
 */
export async function seedSampleDataIfOffline(
  pool: Pool,
  options: { enabled: boolean; isOnline: () => Promise<boolean>; log?: Logger },
): Promise<SampleDataResult | null> {
  if (!options.enabled || !(await storeIsEmpty(pool))) return null;
  if (await options.isOnline()) {
    options.log?.info('Candle store is empty: fetch history from Binance, import files, or load the synthetic sample (loadSampleData)');
    return null;
  }
  options.log?.info('Candle store is empty and Binance is unreachable: loading the synthetic sample markets');
  return seedSampleData(pool, { log: options.log });
}
