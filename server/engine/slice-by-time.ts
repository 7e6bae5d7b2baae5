import type { CandleSeries } from './contract.ts';
import { sliceSeries } from './optimizer/walk-forward.ts';

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
