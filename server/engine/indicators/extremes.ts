import { periodIndicator } from './descriptor.ts';
import { exactWarmup } from './warmup-bars.ts';
import { windowedOutput } from './warmup.ts';

/**
 * Highest (sign 1) or lowest (sign −1) of the last `period` values in O(1) per bar, whatever the data
 * (van Herk / Gil-Werman): cut the series into blocks of `period` bars; a window ending at i covers the
 * tail of one block from i − period + 1 and the head of the next up to i, so its extreme is the larger of
 * the block-suffix extreme at i − period + 1 and the block-prefix extreme at i. Two passes, no branches
 * that depend on the data; the lowest is the highest of the negated values, negated back (exact).
 */
function rollingExtreme(src: Float64Array, period: number, sign: 1 | -1, out?: Float64Array): Float64Array {
  const { res, start, first } = windowedOutput(sign > 0 ? 'highest' : 'lowest', src, period, out);
  const n = src.length;
  if (first >= n) return res;
  const suffix = new Float64Array(n);
  for (let block = start; block < n; block += period) {
    let m = -Infinity;
    for (let i = Math.min(block + period, n) - 1; i >= block; i--) {
      const v = sign * src[i];
      m = Math.max(m, v);
      suffix[i] = m;
    }
  }
  for (let block = start; block < n; block += period) {
    const end = Math.min(block + period, n);
    let prefix = -Infinity;
    for (let i = block; i < end; i++) {
      const v = sign * src[i];
      prefix = Math.max(prefix, v);
      if (i >= first) {
        const tail = suffix[i - period + 1];
        res[i] = sign * Math.max(tail, prefix);
      }
    }
  }
  return res;
}

export function highest(src: Float64Array, period: number, out?: Float64Array): Float64Array {
  return rollingExtreme(src, period, 1, out);
}

export function lowest(src: Float64Array, period: number, out?: Float64Array): Float64Array {
  return rollingExtreme(src, period, -1, out);
}

export const HIGHEST = periodIndicator({
  name: 'highest',
  description: 'Highest value of the last `period` bars.',
  period: { default: 20, description: 'Bars searched' },
  source: 'high',
  kernel: (src, period) => highest(src, period),
  warmup: (period) => exactWarmup(period - 1),
});

export const LOWEST = periodIndicator({
  name: 'lowest',
  description: 'Lowest value of the last `period` bars.',
  period: { default: 20, description: 'Bars searched' },
  source: 'low',
  kernel: (src, period) => lowest(src, period),
  warmup: (period) => exactWarmup(period - 1),
});
