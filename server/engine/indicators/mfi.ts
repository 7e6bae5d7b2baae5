import { defineIndicator, periodParam, VALUE_OUTPUT } from './descriptor.ts';
import { rollingSum } from './sum.ts';
import { exactWarmup } from './warmup-bars.ts';
import { checkPeriod, firstFinite } from './warmup.ts';

/**
 * Money flow index (TA-Lib MFI): money flow = typical price × volume, positive on bars whose typical price
 * rose, negative where it fell, neither where it is unchanged (technicalindicators counts unchanged as
 * negative). MFI = 100·Σpositive/(Σpositive + Σnegative) over the last `period` bars, the sums exact
 * (exact-sum.ts); 50 when no money flowed either way. Unrounded (technicalindicators rounds to 2 decimals).
 */
export function mfi(src: Float64Array, volume: Float64Array, period: number): Float64Array {
  checkPeriod('MFI', period);
  const n = src.length;
  const start = firstFinite(src);
  const positive = new Float64Array(n).fill(NaN, 0, start + 1);
  const negative = new Float64Array(n).fill(NaN, 0, start + 1);
  for (let i = start + 1; i < n; i++) {
    const flow = src[i] * volume[i];
    // Booleans as numbers, not ?: — rising and falling bars come at random, a branch would mispredict.
    positive[i] = +(src[i] > src[i - 1]) * flow;
    negative[i] = +(src[i] < src[i - 1]) * flow;
  }
  const res = rollingSum(positive, period);
  const negativeSum = rollingSum(negative, period, positive);
  for (let i = 0; i < n; i++) {
    const total = res[i] + negativeSum[i];
    res[i] = total > 0 ? (100 * res[i]) / total : total === 0 ? 50 : NaN;
  }
  return res;
}

export const MFI = defineIndicator({
  name: 'mfi',
  description: 'Money flow index (0–100): the share of the last `period` bars’ money flow that came on rising bars.',
  source: { default: 'hlc3', description: 'Price whose change sorts the flow (the typical price by default)' },
  candles: ['volume'],
  params: [periodParam('period', 14, 'Bars of money flow')],
  outputs: VALUE_OUTPUT,
  // Each flow needs the previous price: the first value is at bar `period`.
  warmup: (p) => exactWarmup(p.period),
  compute: ({ candles, source }, p) => ({ value: mfi(source, candles.volume, p.period) }),
});
