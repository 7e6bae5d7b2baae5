import type { CandleSeries } from '../contract.ts';

/**
 * What a market is like, as far as a strategy's best parameters go: how much it moves, how much of its
 * movement goes somewhere, whether a move tends to continue, and how long its bars are. Computed from the
 * closes alone, so any stored market has them.
 */
export interface MarketFeatures {
  /** Annualised standard deviation of log returns, in percent. */
  readonly volatilityPct: number;
  /**
   * Kaufman's efficiency ratio averaged over windows of TREND_WINDOW bars: |net move| / Σ|bar moves|, in
   * [0, 1]. 1 = every bar moved the same way; near 0 = moves cancel out (chop).
   */
  readonly trendEfficiency: number;
  /** Lag-1 autocorrelation of log returns: > 0 moves continue, < 0 they revert. */
  readonly autocorrelation: number;
  /** Bar length in minutes. */
  readonly timeframeMinutes: number;
}

const TREND_WINDOW = 100;
const YEAR_MS = 365.25 * 86_400_000;

/** null when the series is too short to say (fewer than 3 bars) or not all prices are positive. */
export function marketFeatures(series: CandleSeries): MarketFeatures | null {
  const close = series.close;
  const n = series.length;
  if (n < 3) return null;
  for (let i = 0; i < n; i++) if (!(close[i] > 0)) return null;
  let sum = 0, sumSq = 0, lagProduct = 0;
  let previous = NaN;
  for (let i = 1; i < n; i++) {
    const r = Math.log(close[i] / close[i - 1]);
    sum += r;
    sumSq += r * r;
    if (i > 1) lagProduct += r * previous;
    previous = r;
  }
  const m = n - 1;
  const mean = sum / m;
  const variance = sumSq / m - mean * mean;
  // Lag-1 autocorrelation: Σ (r_t − r̄)(r_{t−1} − r̄) / Σ (r_t − r̄)², with the cross term expanded.
  const firstR = Math.log(close[1] / close[0]), lastR = Math.log(close[n - 1] / close[n - 2]);
  const covariance = lagProduct - mean * (2 * sum - firstR - lastR) + (m - 1) * mean * mean;
  const autocorrelation = variance > 0 ? covariance / (variance * m) : 0;
  const barsPerYear = YEAR_MS / series.intervalMs;
  return {
    volatilityPct: Math.sqrt(Math.max(0, variance) * barsPerYear) * 100,
    trendEfficiency: efficiencyRatio(close, Math.min(TREND_WINDOW, m)),
    autocorrelation,
    timeframeMinutes: series.intervalMs / 60_000,
  };
}

/** Mean efficiency ratio over consecutive non-overlapping windows of `window` bar moves. */
function efficiencyRatio(close: Float64Array, window: number): number {
  let total = 0, windows = 0;
  for (let start = 0; start + window < close.length; start += window) {
    let path = 0;
    for (let i = start + 1; i <= start + window; i++) path += Math.abs(close[i] - close[i - 1]);
    if (path > 0) {
      total += Math.abs(close[start + window] - close[start]) / path;
      windows++;
    }
  }
  return windows > 0 ? total / windows : 0;
}

/** The features as model coordinates: scales that make distances between markets meaningful. */
export function featureVector(f: MarketFeatures): number[] {
  return [Math.log(Math.max(f.volatilityPct, 1e-6)), f.trendEfficiency, f.autocorrelation, Math.log2(Math.max(f.timeframeMinutes, 1e-6))];
}
