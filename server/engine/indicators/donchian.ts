import { defineIndicator, periodParam } from './descriptor.ts';
import { rollingRange } from './extremes.ts';
import { exactWarmup } from './warmup-bars.ts';

export interface DonchianOutput {
  readonly upper: Float64Array;
  readonly lower: Float64Array;
  readonly middle: Float64Array;
}

/** Donchian channel: highest high and lowest low of the last `period` bars, and their midpoint. */
export function donchian(high: Float64Array, low: Float64Array, period: number): DonchianOutput {
  const { upper, lower } = rollingRange(high, low, period);
  const middle = new Float64Array(upper.length);
  for (let i = 0; i < middle.length; i++) middle[i] = (upper[i] + lower[i]) / 2;
  return { upper, lower, middle };
}

/** (highest high + lowest low) / 2 of the last `period` bars: Ichimoku's lines. */
export function midRange(high: Float64Array, low: Float64Array, period: number): Float64Array {
  const { upper, lower } = rollingRange(high, low, period);
  for (let i = 0; i < upper.length; i++) upper[i] = (upper[i] + lower[i]) / 2;
  return upper;
}

export const DONCHIAN = defineIndicator({
  name: 'donchian',
  description: 'Donchian channel: highest high, lowest low and their midpoint over the last `period` bars.',
  source: null,
  candles: ['high', 'low'],
  params: [periodParam('period', 20, 'Bars of highs and lows')],
  outputs: [
    { name: 'upper', description: 'Highest high' },
    { name: 'lower', description: 'Lowest low' },
    { name: 'middle', description: '(upper + lower) / 2' },
  ],
  warmup: (p) => exactWarmup(p.period - 1),
  compute: ({ candles }, p) => donchian(candles.high, candles.low, p.period),
});
