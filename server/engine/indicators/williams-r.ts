import { VALUE_OUTPUT, defineIndicator, periodParam } from './descriptor.ts';
import { rollingRange } from './extremes.ts';
import { exactWarmup } from './warmup-bars.ts';

/**
 * Williams %R: −100·(highest high − close)/(highest high − lowest low) over `period` bars, from −100 (at
 * the low) to 0 (at the high). A window without range gives −50, neutral (technicalindicators: NaN).
 */
export function williamsR(high: Float64Array, low: Float64Array, close: Float64Array, period: number): Float64Array {
  const { upper: res, lower: ll } = rollingRange(high, low, period);
  for (let i = 0; i < res.length; i++) {
    const hh = res[i];
    const range = hh - ll[i];
    res[i] = range > 0 ? (-100 * (hh - close[i])) / range : range === 0 ? -50 : NaN;
  }
  return res;
}

export const WILLIAMS_R = defineIndicator({
  name: 'williamsR',
  description: 'Williams %R (−100…0): where the close sits below the highest high of the last `period` bars.',
  source: null,
  candles: ['high', 'low', 'close'],
  params: [periodParam('period', 14, 'Bars of highs and lows')],
  outputs: VALUE_OUTPUT,
  warmup: (p) => exactWarmup(p.period - 1),
  compute: ({ candles }, p) => ({ value: williamsR(candles.high, candles.low, candles.close, p.period) }),
});
