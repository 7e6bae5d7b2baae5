import type { OhlcvColumns } from '../candles.ts';
import type { CandleField, IndicatorInputs } from './descriptor.ts';

/** The source of descriptors that take none. */
export const NO_SOURCE = new Float64Array(0);

/** A field that is one of the candles' own columns (no computation). */
export function isColumn(field: CandleField): field is 'open' | 'high' | 'low' | 'close' | 'volume' {
  return field === 'open' || field === 'high' || field === 'low' || field === 'close' || field === 'volume';
}

/** A candle field as a series: a column itself, or hl2 = (high + low)/2, hlc3 = (high + low + close)/3, ohlc4 = (open + high + low + close)/4. */
export function candleField(candles: OhlcvColumns, field: CandleField): Float64Array {
  if (isColumn(field)) return candles[field];
  const { open, high, low, close } = candles;
  const out = new Float64Array(close.length);
  if (field === 'hl2') for (let i = 0; i < out.length; i++) out[i] = (high[i] + low[i]) / 2;
  else if (field === 'hlc3') for (let i = 0; i < out.length; i++) out[i] = typicalPrice(high[i], low[i], close[i]);
  else for (let i = 0; i < out.length; i++) out[i] = (open[i] + high[i] + low[i] + close[i]) / 4;
  return out;
}

/** One bar's typical price, hlc3: (high + low + close)/3, summed in that order. */
export function typicalPrice(high: number, low: number, close: number): number {
  return (high + low + close) / 3;
}

/**
 * Inputs whose source is the candle field `field`, made by `column` only when a kernel reads `source`: a
 * kernel that computes an average per bar from the candles' own columns (VWAP of hlc3) never has a column
 * as long as the candles written and read back for it.
 */
export function fieldInputs(candles: OhlcvColumns, field: CandleField, column: () => Float64Array): IndicatorInputs {
  let source: Float64Array | undefined;
  return {
    candles,
    sourceField: field,
    get source() {
      return (source ??= column());
    },
  };
}
