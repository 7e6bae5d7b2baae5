/**
 * How many bars of history an indicator needs before its value can be trusted: what a run loads before
 * its start so that its first decision sees warm indicators (README "Warm-up history").
 *
 * Windowed indicators (SMA, Bollinger, rolling extremes) are exact once their window is full. Recursive
 * ones (EMA, Wilder's RSI and ATR) never forget their seed entirely: the seed's weight in the value after k
 * further bars is (1 − α)^k, so they count as warm once that weight is below RECURSIVE_SEED_TOLERANCE.
 */
export const RECURSIVE_SEED_TOLERANCE = 1e-6;

/** Bars after the seed until its weight (1 − α)^k falls below the tolerance. */
export function decayBars(alpha: number): number {
  if (!(alpha > 0 && alpha < 1)) return 0;
  return Math.ceil(Math.log(RECURSIVE_SEED_TOLERANCE) / Math.log(1 - alpha));
}

/** SMA(n) and any n-bar window: defined from bar n − 1 and exact from there. */
export const windowHistoryBars = (period: number): number => period - 1;

/** EMA(n), α = 2/(n + 1), seeded by the SMA of its first n values (defined at bar n − 1). */
export const emaHistoryBars = (period: number): number => period - 1 + decayBars(2 / (period + 1));

/** Wilder smoothing over n changes (RSI(n), ATR(n)), α = 1/n, first value at bar n. */
export const wilderHistoryBars = (period: number): number => period + decayBars(1 / period);

/** MACD(fast, slow, signal): the MACD line is warm once the slow EMA is; the signal EMA runs on it. */
export function macdHistoryBars(fast: number, slow: number, signal: number): number {
  return Math.max(emaHistoryBars(fast), emaHistoryBars(slow)) + emaHistoryBars(signal);
}

/**
 * Base bars before a higher-timeframe indicator is warm: `htfBars` closed higher bars of `htfMs` each, plus
 * one more, since the bar a decision falls in has not closed yet.
 */
export function higherTimeframeHistoryBars(htfBars: number, htfMs: number, baseMs: number): number {
  return (htfBars + 1) * Math.ceil(htfMs / baseMs);
}
