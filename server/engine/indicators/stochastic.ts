import { defineIndicator, periodParam } from './descriptor.ts';
import { rollingRange } from './extremes.ts';
import { sma } from './sma.ts';
import { exactWarmup } from './warmup-bars.ts';

export interface StochasticOutput {
  readonly k: Float64Array;
  readonly d: Float64Array;
}

/**
 * Stochastic oscillator: raw %K = 100·(close − lowest low)/(highest high − lowest low) over `period` bars,
 * %K = SMA(smoothK) of raw %K (1 = the fast stochastic), %D = SMA(smoothD) of %K. A window without range
 * gives 50, neutral (technicalindicators and TA-Lib give 0, which reads as oversold on a flat market).
 * high, low and close may be the same series (the stochastic of RSI).
 */
export function stochastic(high: Float64Array, low: Float64Array, close: Float64Array, period: number, smoothK: number, smoothD: number): StochasticOutput {
  const { upper: raw, lower: ll } = rollingRange(high, low, period);
  for (let i = 0; i < raw.length; i++) {
    const range = raw[i] - ll[i];
    raw[i] = range > 0 ? (100 * (close[i] - ll[i])) / range : range === 0 ? 50 : NaN;
  }
  const k = smoothK > 1 ? sma(raw, smoothK, ll) : raw;
  return { k, d: sma(k, smoothD) };
}

/** %K and %D smoothing parameters and outputs, shared with the stochastic RSI. */
export function smoothingParams(smoothK: number) {
  return [periodParam('smoothK', smoothK, `SMA smoothing of %K${smoothK === 1 ? ' (1: the fast stochastic)' : ''}`), periodParam('smoothD', 3, 'SMA of %K giving %D')] as const;
}

export const STOCHASTIC_OUTPUTS = [
  { name: 'k', description: '%K' },
  { name: 'd', description: '%D = SMA(smoothD) of %K' },
] as const;

/** Bars before %D is defined: the window, then the two smoothings. */
export function stochasticBars(period: number, smoothK: number, smoothD: number): number {
  return period - 1 + smoothK - 1 + smoothD - 1;
}

export const STOCHASTIC = defineIndicator({
  name: 'stochastic',
  description: 'Stochastic oscillator %K and %D (0–100): where the close sits in the range of the last `period` bars.',
  source: null,
  candles: ['high', 'low', 'close'],
  params: [periodParam('period', 14, 'Bars of highs and lows'), ...smoothingParams(1)],
  outputs: STOCHASTIC_OUTPUTS,
  warmup: (p) => exactWarmup(stochasticBars(p.period, p.smoothK, p.smoothD)),
  compute: ({ candles }, p) => stochastic(candles.high, candles.low, candles.close, p.period, p.smoothK, p.smoothD),
});
