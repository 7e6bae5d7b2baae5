/**
 * How many bars an indicator needs before its values no longer depend on where the data starts.
 *
 * A windowed indicator (SMA, Donchian, …) reads only its last n inputs: from its first defined bar on it
 * equals the value computed on any longer history, exactly. A recursive one (EMA, RSI, ATR, ADX, PSAR…)
 * starts from a seed and remembers it with a weight that shrinks by a fixed factor per bar; its warm-up is
 * the bars until that weight is below WARMUP_TOLERANCE. A cumulative one (OBV, VWAP that never resets) never
 * forgets its start: its level depends on the first bar loaded, only its changes do not.
 */

/** The seed's largest remaining weight in a recursive indicator's state once its warm-up is over. */
export const WARMUP_TOLERANCE = 1e-6;

export interface Warmup {
  /**
   * Bars, counted from the first bar at which the indicator's inputs are defined, after which its outputs
   * are stable: bar `bars` (0-based) is the first stable one.
   */
  readonly bars: number;
  /** True: from then on the values equal those of any longer history exactly; false: to WARMUP_TOLERANCE. */
  readonly exact: boolean;
  /** True: the level keeps depending on the first bar forever (see the file comment); `bars` then covers its changes. */
  readonly cumulative: boolean;
}

export interface WarmupContext {
  /** Bar length of the candles, for indicators whose memory is a span of time (session VWAP). */
  readonly intervalMs: number;
}

export const CANDLE_WARMUP: Warmup = { bars: 0, exact: true, cumulative: false };

export function exactWarmup(bars: number): Warmup {
  return { bars, exact: true, cumulative: false };
}

/**
 * Bars k until a state smoothed as s' = (1 − alpha)·s + alpha·x forgets its seed: the seed's weight after k
 * bars is (1 − alpha)^k, so k = ceil(ln(tolerance) / ln(1 − alpha)). EMA(n) has alpha = 2/(n+1), Wilder's
 * smoothing (RSI, ATR, ADX) alpha = 1/n; alpha = 1 keeps no memory at all.
 */
export function smoothingBars(alpha: number, tolerance = WARMUP_TOLERANCE): number {
  if (alpha >= 1) return 0;
  return Math.ceil(Math.log(tolerance) / Math.log(1 - alpha));
}

/** `defined` bars before the first value, then the seed's weight decays at rate alpha (EMA, Wilder). */
export function recursiveWarmup(defined: number, alpha: number): Warmup {
  return { bars: defined + smoothingBars(alpha), exact: false, cumulative: false };
}

/**
 * Warm-up of a series computed from another (EMA of RSI): the stages' warm-ups add up, since each stage
 * starts where its input becomes defined and is stable once its input has been stable for its own warm-up.
 * Also the conservative rule for an indicator that reads several inputs (the largest of them plus its own).
 */
export function chainWarmup(...stages: readonly Warmup[]): Warmup {
  return combine(stages, (a, b) => a + b);
}

/** Several outputs or inputs side by side: the slowest decides. */
export function slowestWarmup(...parts: readonly Warmup[]): Warmup {
  return combine(parts, Math.max);
}

function combine(parts: readonly Warmup[], bars: (a: number, b: number) => number): Warmup {
  let result = CANDLE_WARMUP;
  for (const p of parts) {
    result = { bars: bars(result.bars, p.bars), exact: result.exact && p.exact, cumulative: result.cumulative || p.cumulative };
  }
  return result;
}
