import { periodIndicator } from './descriptor.ts';
import { recursiveWarmup } from './warmup-bars.ts';
import { checkPeriod, firstFinite, output } from './warmup.ts';

/**
 * Exponential moving average, TA-Lib convention: k = 2 / (period + 1), seeded with the SMA of the first
 * `period` values, so out[start+period-1] = SMA and out[i] = out[i-1] + k × (src[i] − out[i-1]) after it.
 * `seedEnd` (optional) moves the seed later: the SMA of src[seedEnd-period+1..seedEnd] — TA-Lib's MACD
 * seeds its fast EMA this way so both EMAs begin on the same bar.
 */
export function ema(src: Float64Array, period: number, out?: Float64Array, seedEnd?: number): Float64Array {
  checkPeriod('EMA', period);
  const n = src.length;
  const res = output(n, out);
  const first = Math.max(firstFinite(src) + period - 1, seedEnd ?? 0);
  res.fill(NaN, 0, Math.min(first, n));
  if (first >= n) return res;
  let sum = 0;
  for (let i = first - period + 1; i <= first; i++) sum += src[i];
  let prev = sum / period;
  res[first] = prev;
  const k = 2 / (period + 1);
  for (let i = first + 1; i < n; i++) {
    prev += k * (src[i] - prev);
    res[i] = prev;
  }
  return res;
}

export const EMA = periodIndicator({
  name: 'ema',
  description: 'Exponential moving average, k = 2/(period+1), seeded with the SMA of the first `period` values.',
  period: { default: 20, description: 'Bars; smoothing factor 2/(period+1)' },
  kernel: (src, period) => ema(src, period),
  warmup: (period) => recursiveWarmup(period - 1, 2 / (period + 1)),
});
