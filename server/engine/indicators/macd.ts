import { increasing } from '../strategies/constraints.ts';
import { CLOSE_SOURCE, defineIndicator, periodParam } from './descriptor.ts';
import { chainWarmup, recursiveWarmup } from './warmup-bars.ts';
import { emaStep, seedMean } from './ema.ts';
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
  const line = new Float64Array(n), signal = new Float64Array(n), histogram = new Float64Array(n);
  // Both EMAs' seed bar, then the signal's: the first with a full window of the line.
  const first = firstFinite(src) + slow - 1;
  const signalFirst = first + signalPeriod - 1;
  line.fill(NaN, 0, Math.min(first, n));
  signal.fill(NaN, 0, Math.min(signalFirst, n));
  histogram.fill(NaN, 0, Math.min(signalFirst, n));
  if (first >= n) return { macd: line, signal, histogram };
  // The two EMAs in one pass: their chains of dependent steps overlap instead of following each other.
  const kSlow = 2 / (slow + 1), kFast = 2 / (fast + 1);
  let slowEma = seedMean(src, first - slow + 1, first), fastEma = seedMean(src, first - fast + 1, first);
  line[first] = fastEma - slowEma;
  for (let i = first + 1; i < n; i++) {
    const x = src[i];
    slowEma = emaStep(slowEma, x, kSlow);
    fastEma = emaStep(fastEma, x, kFast);
    line[i] = fastEma - slowEma;
  }
  if (signalFirst >= n) return { macd: line, signal, histogram };
  const kSignal = 2 / (signalPeriod + 1);
  let signalEma = seedMean(line, first, signalFirst);
  signal[signalFirst] = signalEma;
  histogram[signalFirst] = line[signalFirst] - signalEma;
  for (let i = signalFirst + 1; i < n; i++) {
    signal[i] = signalEma = emaStep(signalEma, line[i], kSignal);
    histogram[i] = line[i] - signalEma;
  }
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
