import type { CandleSeries } from './contract.ts';
import { candleSeries } from './candles.ts';
import { mulberry32, type Prng } from './prng.ts';

/** What every generator here takes: a series of `bars` candles from `startTimeMs` (default 2023-01-01 UTC) at `startPrice` (default 100). */
interface GeneratedSeriesOptions {
  readonly symbol?: string;
  readonly bars: number;
  readonly seed: number;
  readonly intervalMs?: number;
  readonly startTimeMs?: number;
  readonly startPrice?: number;
}

export interface SyntheticOptions extends GeneratedSeriesOptions {
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

/** Hours in a (365-day) year: the annualisation of the hourly markets below. */
const HOUR_MS = 3_600_000;
const YEAR_MS = 365 * 24 * HOUR_MS;

/** Options of the known-truth markets; their bars are 1 h unless intervalMs says otherwise. */
export interface MarketOptions extends GeneratedSeriesOptions {
  /** Long-run annualised volatility of the log returns (default 0.6, a large crypto asset's). */
  readonly annualVolatility?: number;
  /** GARCH(1,1) reaction to the last shock (default 0.06). */
  readonly garchAlpha?: number;
  /** GARCH(1,1) persistence of the last variance (default 0.92; α + β = 0.98: a shock's half-life ≈ 34 bars). */
  readonly garchBeta?: number;
}

export interface PlantedTrendOptions extends MarketOptions {
  /** Mean length of a trend in bars; each lasts 0.5–1.5 × this, uniformly (default 240: 10 days of 1 h bars). */
  readonly trendBars?: number;
  /** Drift per bar during a trend, as a share of the long-run per-bar volatility σ̄ (default 0.16). */
  readonly trendStrength?: number;
  /** Half-life in bars of the short swings that revert (default 6). */
  readonly reversionBars?: number;
  /** Size of those swings: their standard deviation in units of σ̄ · √reversionBars (default 2; 0 = none). */
  readonly reversionStrength?: number;
}

/**
 * A market with no edge: a zero-drift random walk in log price whose volatility clusters, r_t = σ_t · ε_t with
 * ε_t standard normal and GARCH(1,1) variance σ²_t = ω + α·r²_{t−1} + β·σ²_{t−1}, ω = σ̄²·(1 − α − β) so the
 * long-run per-bar volatility σ̄ = annualVolatility · √(interval / year). No rule can predict the sign of
 * the next return from the past (E[r_t | past] = 0), so every strategy's expected gross return is 0 and fees
 * make it negative: whatever a sweep finds here is overfitting.
 */
export function generateNoEdgeMarket(options: MarketOptions): CandleSeries {
  return marketFromDrift(options, () => 0);
}

/**
 * A market with a planted edge for slow moving-average crossovers and against fast ones: the no-edge market
 * (GARCH(1,1) noise) plus two components that repeat throughout, so what is found in the first months holds
 * in the last.
 *   Trends: a drift of ±trendStrength · σ̄ per bar (sign at random) held for 0.5–1.5 × trendBars bars. With
 *     the defaults a mean trend moves the price 0.16 · 240 = 38 σ̄ (≈ 25 %), against noise of √240 = 15.5 σ̄
 *     over the same span: a slow crossover rides it.
 *   Short swings that revert: an AR(1) level m_t = ρ·m_{t−1} + η_t around the walk (ρ = 2^(−1/reversionBars),
 *     stationary standard deviation reversionStrength · σ̄ · √reversionBars), whose change m_t − m_{t−1} adds to
 *     each bar's return. A fast crossover (12/26 on 1 h bars) turns with the swings and buys what then reverts.
 * Defaults, measured over seeds 1001–1005 of a year of 1 h bars: hourly returns' lag-1 autocorrelation ≈ −0.04
 * and 24-hour variance ratio ≈ 0.55 (strong intraday reversion; BTC's is ≈ −0.02 and ≈ 0.9), annualised
 * volatility ≈ 110 % from daily closes, 150 % from hourly ones. ema_cross in-sample Sharpe: the grid's best ≈ 2.3, 12/26 ≈ −4.
 * Milder settings are realistic but their edge is not reliably detectable in a quarter of daily returns.
 */
export function generatePlantedTrendMarket(options: PlantedTrendOptions): CandleSeries {
  const trendBars = options.trendBars ?? 240;
  const strength = options.trendStrength ?? 0.16;
  const halfLife = options.reversionBars ?? 6;
  const rho = 2 ** (-1 / halfLife);
  const swing = options.reversionStrength ?? 2;
  let left = 0, drift = 0, level = 0;
  return marketFromDrift(options, (rng, barVolatility) => {
    if (left <= 0) {
      left = Math.max(1, Math.round(trendBars * (0.5 + rng.next())));
      drift = (rng.next() < 0.5 ? -1 : 1) * strength * barVolatility;
    }
    left--;
    if (swing === 0) return drift;
    // An AR(1) level around the walk, stationary standard deviation swing · σ̄ · √halfLife; its change is the return.
    const before = level;
    level = rho * level + swing * barVolatility * Math.sqrt(halfLife * (1 - rho * rho)) * rng.normal();
    return drift + level - before;
  });
}

/**
 * Candles whose log close moves by drift(rng, σ̄) + σ_t · ε_t per bar (GARCH(1,1) σ_t, see
 * generateNoEdgeMarket). Each bar opens at the last close; its wicks reach |N(0, 1)| · σ_t / 2 beyond the body.
 */
function marketFromDrift(options: MarketOptions, drift: (rng: Prng, barVolatility: number) => number): CandleSeries {
  const n = options.bars;
  const rng = mulberry32(options.seed);
  const intervalMs = options.intervalMs ?? HOUR_MS;
  const start = options.startTimeMs ?? Date.UTC(2023, 0, 1);
  const alpha = options.garchAlpha ?? 0.06, beta = options.garchBeta ?? 0.92;
  const barVolatility = (options.annualVolatility ?? 0.6) * Math.sqrt(intervalMs / YEAR_MS);
  const omega = barVolatility * barVolatility * (1 - alpha - beta);
  const openTime = new Float64Array(n), open = new Float64Array(n), high = new Float64Array(n);
  const low = new Float64Array(n), close = new Float64Array(n), volume = new Float64Array(n);
  let price = options.startPrice ?? 100, variance = barVolatility * barVolatility;
  for (let i = 0; i < n; i++) {
    const sigma = Math.sqrt(variance);
    const shock = sigma * rng.normal();
    const o = price;
    const c = o * Math.exp(drift(rng, barVolatility) + shock);
    openTime[i] = start + i * intervalMs;
    open[i] = o;
    close[i] = c;
    high[i] = Math.max(o, c) * Math.exp(Math.abs(rng.normal()) * sigma * 0.5);
    low[i] = Math.min(o, c) * Math.exp(-Math.abs(rng.normal()) * sigma * 0.5);
    volume[i] = 1000 * (0.5 + rng.next()) * (1 + Math.abs(shock) / barVolatility);
    variance = omega + alpha * shock * shock + beta * variance;
    price = c;
  }
  return candleSeries(options.symbol ?? 'SYN', intervalMs, { openTime, open, high, low, close, volume });
}
