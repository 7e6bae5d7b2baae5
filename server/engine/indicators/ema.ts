import { periodIndicator } from './descriptor.ts';
import { recursiveWarmup } from './warmup-bars.ts';
import { checkPeriod, firstFinite, output } from './warmup.ts';

/**
 * One EMA step, prev + k × (x − prev). Of the forms equal in exact arithmetic this is the one whose result,
 * rounded, always lies between prev and x: an average approaching a flat price stays on its own side of it,
 * so a crossing of the two is a real one. (1 − k) × prev + k × x puts one operation less on the chain from
 * bar to bar, but its roundings can step past x.
 */
export function emaStep(prev: number, x: number, k: number): number {
  return prev + k * (x - prev);
}

/** Mean of src[from..to] summed in order (the seed of an EMA). */
export function seedMean(src: Float64Array, from: number, to: number): number {
  let sum = 0;
  for (let i = from; i <= to; i++) sum += src[i];
  return sum / (to - from + 1);
}

/**
 * Exponential moving average, TA-Lib convention: k = 2 / (period + 1), seeded with the SMA of the first
 * `period` values, so out[start+period-1] = SMA and out[i] = emaStep(out[i-1], src[i]) after it.
 */
export function ema(src: Float64Array, period: number, out?: Float64Array): Float64Array {
  checkPeriod('EMA', period);
  const n = src.length;
  const res = output(n, out);
  const first = firstFinite(src) + period - 1;
  res.fill(NaN, 0, Math.min(first, n));
  if (first >= n) return res;
  let prev = seedMean(src, first - period + 1, first);
  res[first] = prev;
  const k = 2 / (period + 1);
  for (let i = first + 1; i < n; i++) res[i] = prev = emaStep(prev, src[i], k);
  return res;
}

export const EMA = periodIndicator({
  name: 'ema',
  description: 'Exponential moving average, k = 2/(period+1), seeded with the SMA of the first `period` values.',
  period: { default: 20, description: 'Bars; smoothing factor 2/(period+1)' },
  kernel: (src, period) => ema(src, period),
  warmup: (period) => recursiveWarmup(period - 1, 2 / (period + 1)),
});
