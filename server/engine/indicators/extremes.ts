import { periodIndicator } from './descriptor.ts';
import { exactWarmup } from './warmup-bars.ts';
import { checkPeriod, firstFinite, output } from './warmup.ts';

/**
 * Highest (sign 1) or lowest (sign −1) of the last `period` values, in O(1) amortised per bar: a ring of
 * candidate indices whose values decrease (for the highest) from oldest to newest; a new value evicts
 * the candidates it beats, the oldest leaves when it falls out of the window.
 */
function rollingExtreme(src: Float64Array, period: number, sign: 1 | -1, out?: Float64Array): Float64Array {
  checkPeriod(sign > 0 ? 'highest' : 'lowest', period);
  const n = src.length;
  const res = output(n, out);
  const start = firstFinite(src);
  const first = start + period - 1;
  res.fill(NaN, 0, Math.min(first, n));
  if (first >= n) return res;
  const capacity = period + 1;
  const ring = new Int32Array(capacity);
  let head = 0, size = 0;
  for (let i = start; i < n; i++) {
    const v = sign * src[i];
    // Drop candidates no better than the new value, from the newest end.
    while (size > 0) {
      const last = ring[(head + size - 1) % capacity];
      if (sign * src[last] > v) break;
      size--;
    }
    ring[(head + size) % capacity] = i;
    size++;
    if (ring[head] <= i - period) {
      head = (head + 1) % capacity;
      size--;
    }
    if (i >= first) res[i] = src[ring[head]];
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
