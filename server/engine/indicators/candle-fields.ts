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
  switch (field) {
    case 'hl2':
      return candles.high.map((h, i) => (h + candles.low[i]) / 2);
    case 'hlc3':
      return candles.high.map((h, i) => (h + candles.low[i] + candles.close[i]) / 3);
    case 'ohlc4':
      return candles.open.map((o, i) => (o + candles.high[i] + candles.low[i] + candles.close[i]) / 4);
    default:
      return candles[field];
  }
}
