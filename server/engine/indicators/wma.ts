import { periodIndicator } from './descriptor.ts';
import { windowSum } from './exact-sum.ts';
import { exactWarmup } from './warmup-bars.ts';

/** Above this, period·x is no longer exact in the split exact-sum.ts uses. */
const MAX_WMA_PERIOD = 1 << 26;

/**
 * Weighted moving average (TA-Lib WMA): weights 1..period, the newest value heaviest, divided by
 * period(period+1)/2; O(1) per bar with the weighted sum kept exactly (exact-sum.ts), so the quotient is
 * rounded once from the exact weighted sum: equal values give exactly that value.
 */
export function wma(src: Float64Array, period: number, out?: Float64Array): Float64Array {
  if (period > MAX_WMA_PERIOD) throw new Error(`WMA period must be at most ${MAX_WMA_PERIOD}, got ${period}`);
  return windowSum('WMA', src, period, (period * (period + 1)) / 2, true, out);
}

export const WMA = periodIndicator({
  name: 'wma',
  description: 'Weighted moving average: weights 1..period, the newest value heaviest.',
  period: { default: 20, description: 'Bars weighted' },
  kernel: (src, period) => wma(src, period),
  warmup: (period) => exactWarmup(period - 1),
});
