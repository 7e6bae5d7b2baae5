import { periodIndicator } from './descriptor.ts';
import { exactWarmup } from './warmup-bars.ts';
import { checkPeriod, firstFinite, output } from './warmup.ts';

/** Rate of change in percent: 100·(x − x[period bars ago])/x[period bars ago]; 0 when that value is 0 (TA-Lib). */
export function roc(src: Float64Array, period: number, out?: Float64Array): Float64Array {
  checkPeriod('ROC', period);
  const n = src.length;
  const res = output(n, out);
  const first = firstFinite(src) + period;
  res.fill(NaN, 0, Math.min(first, n));
  for (let i = first; i < n; i++) {
    const base = src[i - period];
    res[i] = base !== 0 ? (100 * (src[i] - base)) / base : 0;
  }
  return res;
}

export const ROC = periodIndicator({
  name: 'roc',
  description: 'Rate of change: the percent change over the last `period` bars.',
  period: { default: 10, description: 'Bars back compared with' },
  kernel: (src, period) => roc(src, period),
  warmup: (period) => exactWarmup(period),
});
