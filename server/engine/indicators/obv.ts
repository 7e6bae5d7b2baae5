import { defineIndicator, VALUE_OUTPUT } from './descriptor.ts';
import { firstFinite, output } from './warmup.ts';

/**
 * On-balance volume (technicalindicators' OBV): 0 before the first change, then + volume on bars that close
 * higher than the bar before, − volume on bars that close lower. Cumulative from the first bar of the data:
 * its level depends on where the data starts; its changes do not.
 */
export function obv(src: Float64Array, volume: Float64Array, out?: Float64Array): Float64Array {
  const n = src.length;
  const res = output(n, out);
  const start = firstFinite(src);
  res.fill(NaN, 0, Math.min(start + 1, n));
  let total = 0;
  let prev = src[start];
  for (let i = start + 1; i < n; i++) {
    const x = src[i];
    // +1, −1 or 0 without a branch (up and down bars come at random): booleans to numbers, not ?:.
    total += (+(x > prev) - +(x < prev)) * volume[i];
    prev = x;
    res[i] = total;
  }
  return res;
}

export const OBV = defineIndicator({
  name: 'obv',
  description: 'On-balance volume: volume added on up closes and subtracted on down closes, cumulated from the first bar.',
  source: { default: 'close', description: 'Price whose change signs the volume' },
  candles: ['volume'],
  params: [],
  outputs: VALUE_OUTPUT,
  warmup: () => ({ bars: 1, exact: true, cumulative: true }),
  compute: ({ candles, source }) => ({ value: obv(source, candles.volume) }),
});
