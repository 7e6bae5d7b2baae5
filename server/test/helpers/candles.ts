import pg from 'pg';
import { insertCandles } from '../../market-data/candle-store.ts';
import { intervalMs, type Interval } from '../../../domain/intervals.ts';
import { generateSyntheticCandles } from '../../market-data/synthetic.ts';
import { generatedFunding, insertFundingRates } from '../../market-data/funding-store.ts';

export const JAN_2024 = Date.UTC(2024, 0, 1);

/** Stores a deterministic synthetic market and returns the range it covers. */
export async function seedSyntheticCandles(
  databaseUrl: string,
  /** storedAs: the symbol the generated candles are stored under, standing in for another exchange's market (a local fake's data). */
  options: { symbol: string; interval: Interval; count: number; seed?: number; startMs?: number; storedAs?: string },
): Promise<{ fromMs: number; toMs: number; inserted: number }> {
  const startMs = options.startMs ?? JAN_2024;
  const columns = generateSyntheticCandles({ symbol: options.symbol, interval: options.interval, startMs, count: options.count, seed: options.seed ?? 7 });
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  try {
    const inserted = await insertCandles(pool, options.storedAs ?? options.symbol, options.interval, columns);
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

/**
 * A hand-shaped market: close_i = 100 · exp(Σ drift(i) + wave(i)) · (1 + chop · (−1)^i), open at the previous close,
 * high and low 0.2 % beyond. A steady drift with bar-to-bar chop rewards slow trend-following and
 * punishes fast crossovers (fees on every whipsaw), which is what recommendation tests need.
 */
export async function seedShapedCandles(
  databaseUrl: string,
  options: { symbol: string; interval: Interval; count: number; startMs?: number; drift: (i: number) => number; chop: number; wave?: { amplitude: number; period: number } },
): Promise<{ fromMs: number; toMs: number }> {
  const step = intervalMs(options.interval);
  const start = options.startMs ?? JAN_2024;
  const n = options.count;
  const openTime = Float64Array.from({ length: n }, (_, i) => start + i * step);
  let level = 0;
  const close = Float64Array.from({ length: n }, (_, i) => {
    level += options.drift(i);
    const wave = options.wave ? options.wave.amplitude * Math.sin((2 * Math.PI * i) / options.wave.period) : 0;
    return 100 * Math.exp(level + wave) * (1 + options.chop * (i % 2 === 0 ? 1 : -1));
  });
  const open = Float64Array.from(close, (c, i) => (i === 0 ? c : close[i - 1]));
  const high = Float64Array.from(close, (c, i) => Math.max(c, open[i]) * 1.002);
  const low = Float64Array.from(close, (c, i) => Math.min(c, open[i]) * 0.998);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  try {
    await insertCandles(pool, options.symbol, options.interval, { openTime, open, high, low, close, volume: new Float64Array(n).fill(10) });
  } finally {
    await pool.end();
  }
  return { fromMs: start, toMs: start + n * step };
}

/** Stores generated funding settlements over a range, as the offline sample has (no download for SYNTH- symbols). */
export async function seedGeneratedFunding(databaseUrl: string, symbol: string, range: { fromMs: number; toMs: number }, seed: number): Promise<void> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  try {
    const funding = generatedFunding(range.fromMs, range.toMs, seed);
    await insertFundingRates(pool, symbol, funding.timeMs, funding.rate);
  } finally {
    await pool.end();
  }
}
