import { ema } from './ema.ts';
import { checkPeriod, firstFinite } from './warmup.ts';

export interface MacdOutput {
  readonly macd: Float64Array;
  readonly signal: Float64Array;
  readonly histogram: Float64Array;
}

/**
 * MACD, TA-Lib convention: both EMAs are defined from bar slow−1 on — the slow EMA seeded by the SMA of
 * the first `slow` values, the fast EMA by the SMA of the `fast` values ending on that same bar.
 * macd = fastEMA − slowEMA; signal = EMA(signalPeriod) of macd seeded by the SMA of its first
 * `signalPeriod` values (first at bar slow+signal−2); histogram = macd − signal.
 * technicalindicators seeds the fast EMA at bar fast−1 instead; the two agree once (1 − 2/(fast+1))^k ≈ 0.
 */
export function macd(src: Float64Array, fast: number, slow: number, signalPeriod: number): MacdOutput {
  checkPeriod('MACD fast', fast);
  checkPeriod('MACD slow', slow);
  checkPeriod('MACD signal', signalPeriod);
  if (fast >= slow) throw new Error(`MACD fast period ${fast} must be below slow period ${slow}`);
  const n = src.length;
  const slowEma = ema(src, slow);
  const line = ema(src, fast, undefined, firstFinite(src) + slow - 1);
  for (let i = 0; i < n; i++) line[i] -= slowEma[i];
  const signal = ema(line, signalPeriod, slowEma); // reuses the slow EMA buffer, no longer needed
  const histogram = new Float64Array(n);
  for (let i = 0; i < n; i++) histogram[i] = line[i] - signal[i];
  return { macd: line, signal, histogram };
}
