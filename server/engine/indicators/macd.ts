import { increasing } from '../strategies/constraints.ts';
import { CLOSE_SOURCE, defineIndicator, periodParam } from './descriptor.ts';
import { chainWarmup, recursiveWarmup } from './warmup-bars.ts';
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

export const MACD = defineIndicator({
  name: 'macd',
  description: 'Moving average convergence/divergence: EMA(fast) − EMA(slow), its signal EMA and the histogram between them.',
  source: CLOSE_SOURCE,
  params: [
    periodParam('fast', 12, 'Fast EMA period'),
    periodParam('slow', 26, 'Slow EMA period', 2),
    periodParam('signal', 9, 'Signal EMA period'),
  ],
  constraints: [increasing('fast', 'slow')],
  outputs: [
    { name: 'macd', description: 'EMA(fast) − EMA(slow)' },
    { name: 'signal', description: 'EMA(signal) of the MACD line' },
    { name: 'histogram', description: 'MACD line − signal line' },
  ],
  // The line is stable once the slow EMA is (its seed fades slowest), then the signal EMA starts on it.
  warmup: (p) => chainWarmup(recursiveWarmup(p.slow - 1, 2 / (p.slow + 1)), recursiveWarmup(p.signal - 1, 2 / (p.signal + 1))),
  compute: ({ source }, p) => macd(source, p.fast, p.slow, p.signal),
});
