import { periodIndicator } from './descriptor.ts';
import { windowSum } from './exact-sum.ts';
import { exactWarmup } from './warmup-bars.ts';

/**
 * Simple moving average (TA-Lib SMA): out[i] = mean(src[i-period+1..i]); NaN before that. The sum is kept
 * exactly (exact-sum.ts), so the mean is the window's true mean rounded once: equal values average to
 * exactly that value, with no drift however long the series.
 */
export function sma(src: Float64Array, period: number, out?: Float64Array): Float64Array {
  return windowSum('SMA', src, period, period, false, out);
}

export const SMA = periodIndicator({
  name: 'sma',
  description: 'Simple moving average: the mean of the last `period` values.',
  period: { default: 20, description: 'Bars averaged' },
  kernel: sma,
  warmup: (period) => exactWarmup(period - 1),
});
