import { periodIndicator } from './descriptor.ts';
import { recursiveWarmup } from './warmup-bars.ts';
import { checkPeriod, firstFinite, output } from './warmup.ts';

/**
 * One EMA step, (1 − k) × prev + k × x, with decay = 1 − k. Mathematically TA-Lib's prev + k × (x − prev);
 * written this way the bar-to-bar chain is one multiply and one add instead of a subtract, a multiply and
 * an add (k × x does not wait for the previous value), which is what bounds an EMA's speed. The two differ
 * by an ulp or so and neither drifts: each step shrinks an earlier rounding error by 1 − k.
 */
export function emaStep(prev: number, x: number, k: number, decay: number): number {
  return prev * decay + k * x;
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
  const k = 2 / (period + 1), decay = 1 - k, decaySquared = decay * decay;
  // Two bars per turn: out[i+1] = decay²·out[i−1] + (decay·k·x[i] + k·x[i+1]), so the chain from one pair
  // to the next is still one multiply and one add (the EMA's speed limit, halved). out[i+1] is then within
  // an ulp or two of emaStep(out[i], x[i+1]) rather than equal to it; the contraction keeps it from drifting.
  let i = first + 1;
  for (; i + 1 < n; i += 2) {
    const kx = k * src[i];
    res[i] = prev * decay + kx;
    res[i + 1] = prev = prev * decaySquared + (kx * decay + k * src[i + 1]);
  }
  if (i < n) res[i] = emaStep(prev, src[i], k, decay);
  return res;
}

export const EMA = periodIndicator({
  name: 'ema',
  description: 'Exponential moving average, k = 2/(period+1), seeded with the SMA of the first `period` values.',
  period: { default: 20, description: 'Bars; smoothing factor 2/(period+1)' },
  kernel: (src, period) => ema(src, period),
  warmup: (period) => recursiveWarmup(period - 1, 2 / (period + 1)),
});
