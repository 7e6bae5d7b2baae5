import type { OhlcvColumns } from '../candles.ts';
import type { CandleField } from './descriptor.ts';

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
  else if (field === 'hlc3') for (let i = 0; i < out.length; i++) out[i] = (high[i] + low[i] + close[i]) / 3;
  else for (let i = 0; i < out.length; i++) out[i] = (open[i] + high[i] + low[i] + close[i]) / 4;
  return out;
}
