import { defineIndicator, periodParam } from './descriptor.ts';
import { midRange } from './donchian.ts';
import { exactWarmup } from './warmup-bars.ts';

export interface IchimokuOutput {
  readonly tenkan: Float64Array;
  readonly kijun: Float64Array;
  readonly senkouA: Float64Array;
  readonly senkouB: Float64Array;
  readonly cloudA: Float64Array;
  readonly cloudB: Float64Array;
}

/**
 * Ichimoku Kinko Hyo without looking ahead. tenkan = midpoint of the last `conversionPeriod` highs and
 * lows, kijun = the same over `basePeriod`, senkouA = (tenkan + kijun)/2, senkouB = midpoint over
 * `spanPeriod`, all as known at the close of bar i (charts draw the two senkou spans displacement − 1
 * bars later, the current bar counting as the first, as TradingView does). cloudA/cloudB are those spans
 * where the chart draws them: cloudA[i] = senkouA[i − (displacement − 1)], the cloud over bar i, computed
 * from bars that closed before it. The chikou span (the close drawn displacement − 1 bars back) would
 * need future closes at bar i and is left out: compare the close with its value displacement − 1 bars
 * back instead.
 */
export function ichimoku(high: Float64Array, low: Float64Array, conversionPeriod: number, basePeriod: number, spanPeriod: number, displacement: number): IchimokuOutput {
  const tenkan = midRange(high, low, conversionPeriod);
  const kijun = midRange(high, low, basePeriod);
  const senkouB = midRange(high, low, spanPeriod);
  const n = tenkan.length;
  const senkouA = new Float64Array(n);
  for (let i = 0; i < n; i++) senkouA[i] = (tenkan[i] + kijun[i]) / 2;
  const shift = displacement - 1;
  const cloudA = new Float64Array(n).fill(NaN, 0, shift);
  const cloudB = new Float64Array(n).fill(NaN, 0, shift);
  if (shift < n) {
    cloudA.set(senkouA.subarray(0, n - shift), shift);
    cloudB.set(senkouB.subarray(0, n - shift), shift);
  }
  return { tenkan, kijun, senkouA, senkouB, cloudA, cloudB };
}

export const ICHIMOKU = defineIndicator({
  name: 'ichimoku',
  description: 'Ichimoku cloud lines as known at each bar (no forward displacement), plus the cloud drawn over each bar.',
  source: null,
  candles: ['high', 'low'],
  params: [
    periodParam('conversionPeriod', 9, 'Bars of the conversion line (tenkan-sen)'),
    periodParam('basePeriod', 26, 'Bars of the base line (kijun-sen)'),
    periodParam('spanPeriod', 52, 'Bars of leading span B (senkou span B)'),
    periodParam('displacement', 26, 'Bars the spans are drawn ahead, counting the current bar'),
  ],
  outputs: [
    { name: 'tenkan', description: 'Conversion line: midpoint of the last conversionPeriod highs and lows' },
    { name: 'kijun', description: 'Base line: midpoint of the last basePeriod highs and lows' },
    { name: 'senkouA', description: 'Leading span A as computed at this bar: (tenkan + kijun) / 2' },
    { name: 'senkouB', description: 'Leading span B as computed at this bar: midpoint of the last spanPeriod highs and lows' },
    { name: 'cloudA', description: 'Span A drawn over this bar: senkouA from displacement − 1 bars earlier' },
    { name: 'cloudB', description: 'Span B drawn over this bar: senkouB from displacement − 1 bars earlier' },
  ],
  warmup: (p) => exactWarmup(Math.max(p.conversionPeriod, p.basePeriod, p.spanPeriod) - 1 + p.displacement - 1),
  compute: ({ candles }, p) => ichimoku(candles.high, candles.low, p.conversionPeriod, p.basePeriod, p.spanPeriod, p.displacement),
});
