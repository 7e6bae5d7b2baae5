import { atr } from './atr.ts';
import { defineIndicator, floatParam, periodParam } from './descriptor.ts';
import { recursiveWarmup } from './warmup-bars.ts';

export interface TrendLineOutput {
  /** The stop line: below the price in an up trend, above it in a down trend. */
  readonly value: Float64Array;
  /** +1 up trend, −1 down trend. */
  readonly direction: Float64Array;
}

/**
 * Supertrend as TradingView's ta.supertrend computes it, on this engine's ATR (TA-Lib: first value at
 * bar atrPeriod) and with the direction's sign turned the way the rest of the engine reads it (+1 up).
 * Bands around hl2 = (high + low)/2 at ± multiplier × ATR; the lower band only rises and the upper only
 * falls while the previous close stays on their side, else they restart from the new bands. The first
 * bar is a down trend; a down trend turns up when the close goes above the upper band, an up trend turns
 * down when it goes below the lower band. The line is the lower band in an up trend, the upper in a down trend.
 */
export function supertrend(high: Float64Array, low: Float64Array, close: Float64Array, atrPeriod: number, multiplier: number): TrendLineOutput {
  const value = atr(high, low, close, atrPeriod);
  const n = value.length;
  const direction = new Float64Array(n);
  let lowerBand = NaN, upperBand = NaN, up = false, started = false;
  for (let i = 0; i < n; i++) {
    const range = value[i];
    if (range !== range) {
      direction[i] = NaN;
      continue;
    }
    const mid = (high[i] + low[i]) / 2;
    const basicLower = mid - multiplier * range;
    const basicUpper = mid + multiplier * range;
    if (!started) {
      lowerBand = basicLower;
      upperBand = basicUpper;
      started = true;
    } else {
      const prevClose = close[i - 1];
      lowerBand = basicLower > lowerBand || prevClose < lowerBand ? basicLower : lowerBand;
      upperBand = basicUpper < upperBand || prevClose > upperBand ? basicUpper : upperBand;
      up = up ? !(close[i] < lowerBand) : close[i] > upperBand;
    }
    value[i] = up ? lowerBand : upperBand;
    direction[i] = up ? 1 : -1;
  }
  return { value, direction };
}

export const SUPERTREND = defineIndicator({
  name: 'supertrend',
  description: 'Supertrend: an ATR band stop that flips sides when the close crosses it, with the trend direction.',
  source: null,
  candles: ['high', 'low', 'close'],
  params: [
    periodParam('atrPeriod', 10, 'ATR period'),
    floatParam('multiplier', 3, [0.1, 20, 0.1], 'Band distance in ATRs'),
  ],
  outputs: [
    { name: 'value', description: 'The line: lower band in an up trend, upper band in a down trend' },
    { name: 'direction', description: '+1 up trend, −1 down trend' },
  ],
  // The ATR's; the bands also remember their level until the close crosses them (README, Indicators).
  warmup: (p) => recursiveWarmup(p.atrPeriod, 1 / p.atrPeriod),
  compute: ({ candles }, p) => supertrend(candles.high, candles.low, candles.close, p.atrPeriod, p.multiplier),
});
