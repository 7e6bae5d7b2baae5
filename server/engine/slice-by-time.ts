import { candleSeries } from './candles.ts';
import type { CandleSeries } from './contract.ts';

/** [start, end) in bars of a series, or in epoch ms. */
export interface BarRange {
  readonly start: number;
  readonly end: number;
}

/** The candles of a bar range, as views on the same columns (no copy). */
export function sliceSeries(series: CandleSeries, range: BarRange): CandleSeries {
  const cut = (a: Float64Array): Float64Array => a.subarray(range.start, range.end);
  return candleSeries(
    series.symbol,
    series.intervalMs,
    { openTime: cut(series.openTime), open: cut(series.open), high: cut(series.high), low: cut(series.low), close: cut(series.close), volume: cut(series.volume) },
    series.filled?.subarray(range.start, range.end),
  );
}

/** The candles opening in [fromMs, toMs), as views on the same columns (no copy). */
export function sliceByTime(series: CandleSeries, fromMs: number, toMs: number): CandleSeries {
  return sliceSeries(series, { start: firstAtOrAfter(series.openTime, fromMs), end: firstAtOrAfter(series.openTime, toMs) });
}

/** Index of the first open time >= t (length when none). */
export function firstAtOrAfter(openTime: ArrayLike<number>, t: number): number {
  let lo = 0;
  let hi = openTime.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (openTime[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
