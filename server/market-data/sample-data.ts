import type { Pool } from 'pg';
import type { Logger } from '../logger.ts';
import { insertCandles, storeIsEmpty } from './candle-store.ts';
import { alignDown } from './intervals.ts';
import { resampleColumns } from './resample.ts';
import { generateSyntheticCandles } from './synthetic.ts';

/**
 * The offline sample: one year of two synthetic markets, so a new user with no network can run a
 * backtest within a minute of the first start. Names carry the SYNTH- prefix everywhere they appear.
 * 1h bars are resampled from the 5m ones, so both timeframes describe the same market.
 */

export const SAMPLE_SYMBOLS = [
  { symbol: 'SYNTH-BTCUSDT', seed: 20_240_101, startPrice: 30_000 },
  { symbol: 'SYNTH-ETHUSDT', seed: 20_240_102, startPrice: 2_000 },
] as const;

const YEAR_5M_BARS = 105_120;

export interface SampleDataResult {
  readonly seeded: boolean;
  readonly symbols: string[];
  readonly intervals: string[];
  readonly candlesInserted: number;
  readonly fromMs: number;
  readonly toMs: number;
}

/** Seeds the sample (idempotent: re-seeding inserts nothing). The year ends at the last UTC midnight. */
export async function seedSampleData(pool: Pool, options: { now?: number; log?: Logger } = {}): Promise<SampleDataResult> {
  const toMs = alignDown('1d', options.now ?? Date.now());
  const fromMs = toMs - YEAR_5M_BARS * 300_000;
  let inserted = 0;
  for (const s of SAMPLE_SYMBOLS) {
    const fiveMinute = generateSyntheticCandles({ symbol: s.symbol, interval: '5m', startMs: fromMs, count: YEAR_5M_BARS, seed: s.seed, startPrice: s.startPrice });
    inserted += await insertCandles(pool, s.symbol, '5m', fiveMinute);
    inserted += await insertCandles(pool, s.symbol, '1h', resampleColumns(fiveMinute, '5m', '1h'));
  }
  options.log?.info(`Sample data: ${inserted} synthetic candles for ${SAMPLE_SYMBOLS.map((s) => s.symbol).join(', ')} (5m, 1h)`);
  return { seeded: inserted > 0, symbols: SAMPLE_SYMBOLS.map((s) => s.symbol), intervals: ['5m', '1h'], candlesInserted: inserted, fromMs, toMs };
}

/**
 * The first-start hook: with an empty store and Binance unreachable there is nothing to backtest
 * and no way to get data, so the sample is loaded. With network access the store stays empty and the
 * UI offers both fetching real history and loading the sample (mutation loadSampleData).
 */
export async function seedSampleDataIfOffline(
  pool: Pool,
  options: { enabled: boolean; isOnline: () => Promise<boolean>; log?: Logger; now?: number },
): Promise<SampleDataResult | null> {
  if (!options.enabled || !(await storeIsEmpty(pool))) return null;
  if (await options.isOnline()) {
    options.log?.info('Candle store is empty: fetch history from Binance, import files, or load the synthetic sample (loadSampleData)');
    return null;
  }
  options.log?.info('Candle store is empty and Binance is unreachable: loading the synthetic sample markets');
  return seedSampleData(pool, { log: options.log, now: options.now });
}
