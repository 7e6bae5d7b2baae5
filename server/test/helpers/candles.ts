import pg from 'pg';
import { insertCandles } from '../../market-data/candle-store.ts';
import type { Interval } from '../../market-data/intervals.ts';
import { generateSyntheticCandles } from '../../market-data/synthetic.ts';

export const JAN_2024 = Date.UTC(2024, 0, 1);

/** Stores a deterministic synthetic market and returns the range it covers. */
export async function seedSyntheticCandles(
  databaseUrl: string,
  options: { symbol: string; interval: Interval; count: number; seed?: number; startMs?: number },
): Promise<{ fromMs: number; toMs: number; inserted: number }> {
  const startMs = options.startMs ?? JAN_2024;
  const columns = generateSyntheticCandles({ symbol: options.symbol, interval: options.interval, startMs, count: options.count, seed: options.seed ?? 7 });
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  try {
    const inserted = await insertCandles(pool, options.symbol, options.interval, columns);
    const last = columns.openTime[columns.openTime.length - 1];
    return { fromMs: columns.openTime[0], toMs: last + (columns.openTime[1] - columns.openTime[0]), inserted };
  } finally {
    await pool.end();
  }
}

/** The market part of a backtest or sweep input over a seeded range (ema_cross, 10,000 capital, 1,000 a trade unless overridden). */
export function marketInput(range: { fromMs: number; toMs: number }, symbol: string, timeframe: string, overrides: Record<string, unknown> = {}) {
  return {
    symbols: [symbol],
    timeframe,
    startDate: new Date(range.fromMs).toISOString(),
    endDate: new Date(range.toMs).toISOString(),
    strategy: 'ema_cross',
    initialCapital: 10_000,
    positionSize: 1_000,
    ...overrides,
  };
}
