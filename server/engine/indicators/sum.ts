import { periodIndicator } from './descriptor.ts';
import { windowSum } from './exact-sum.ts';
import { exactWarmup } from './warmup-bars.ts';

/** Rolling sum of the last `period` values, exact up to its final rounding (exact-sum.ts). */
export function rollingSum(src: Float64Array, period: number, out?: Float64Array): Float64Array {
  return windowSum('sum', src, period, 1, false, out);
}

export const SUM = periodIndicator({
  name: 'sum',
  description: 'Rolling sum of the last `period` values.',
  period: { default: 20, description: 'Bars summed' },
  kernel: rollingSum,
  warmup: (period) => exactWarmup(period - 1),
});
