import type { CandleSeries } from './contract.ts';
import { candleSeries } from './candles.ts';
import { mulberry32 } from './prng.ts';

export interface SyntheticOptions {
  readonly symbol?: string;
  readonly bars: number;
  readonly seed: number;
  readonly intervalMs?: number;
  readonly startTimeMs?: number;
  readonly startPrice?: number;
  /** Per-bar log-return volatility (default 0.004). */
  readonly volatility?: number;
  /** Mean regime length in bars (default 500). */
  readonly regimeBars?: number;
  /**
   * Round prices and volumes to this many decimals, as an exchange publishes them (default: no
   * rounding). Rounding is monotone, so every bar stays consistent (low ≤ open, close ≤ high).
   */
  readonly decimals?: number;
}

/**
 * Deterministic candles: a geometric random walk whose drift and volatility switch between regimes
 * (bull, bear, calm range, volatile range), so trend and reversion strategies both get trades.
 * Used by tests (golden files), the bench and the synthetic sample markets (market-data/synthetic.ts
 * adds exchange intervals and storage); never by the simulator itself.
 */
export function generateCandles(options: SyntheticOptions): CandleSeries {
  const n = options.bars;
  const rng = mulberry32(options.seed);
  const intervalMs = options.intervalMs ?? 300_000;
  const start = options.startTimeMs ?? Date.UTC(2023, 0, 1);
  const baseVol = options.volatility ?? 0.004;
  const regimeBars = options.regimeBars ?? 500;
  const openTime = new Float64Array(n), open = new Float64Array(n), high = new Float64Array(n);
  const low = new Float64Array(n), close = new Float64Array(n), volume = new Float64Array(n);
  let price = options.startPrice ?? 100;
  let drift = 0, vol = baseVol, left = 0;
  for (let i = 0; i < n; i++) {
    if (left <= 0) {
      const regime = Math.floor(rng.next() * 4);
      drift = regime === 0 ? baseVol * 0.08 : regime === 1 ? -baseVol * 0.08 : 0;
      vol = regime === 3 ? baseVol * 1.8 : regime === 2 ? baseVol * 0.6 : baseVol;
      left = Math.max(20, Math.round(regimeBars * (0.5 + rng.next())));
    }
    left--;
    const o = price;
    const c = o * Math.exp(drift + vol * rng.normal());
    const wickUp = Math.abs(rng.normal()) * vol * 0.5;
    const wickDown = Math.abs(rng.normal()) * vol * 0.5;
    openTime[i] = start + i * intervalMs;
    open[i] = o;
    close[i] = c;
    high[i] = Math.max(o, c) * (1 + wickUp);
    low[i] = Math.min(o, c) * (1 - wickDown);
    volume[i] = 1000 * (0.5 + rng.next()) * (1 + Math.abs(c - o) / o / vol);
    // Next open gaps a little from this close now and then, so gap fills get exercised.
    price = rng.next() < 0.02 ? c * (1 + vol * rng.normal()) : c;
  }
  if (options.decimals !== undefined) {
    const scale = 10 ** options.decimals;
    for (const column of [open, high, low, close, volume]) {
      for (let i = 0; i < n; i++) column[i] = Math.round(column[i] * scale) / scale;
    }
  }
  return candleSeries(options.symbol ?? 'SYN', intervalMs, { openTime, open, high, low, close, volume });
}
