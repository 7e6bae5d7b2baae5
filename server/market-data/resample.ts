import type { Pool } from 'pg';
import { insertCandles, loadCandles } from './candle-store.ts';
import { type Interval, alignDown, countOpenTimes, intervalMs, nextOpenTime } from './intervals.ts';
import type { OhlcvColumns } from './synthetic.ts';

/**
 * Higher timeframes from stored lower ones, bucketed on UTC boundaries (same calendar as Binance,
 * so a resampled 1h bar equals the exchange's own 1h bar). A bucket is only emitted when every
 * source bar is present: a 1h bar built from 50 minutes would silently misstate high, low and volume.
 */

export class ResampleError extends Error {
  readonly code = 'BAD_USER_INPUT';
}

export function resampleColumns(src: OhlcvColumns, from: Interval, to: Interval, options: { allowPartial?: boolean } = {}): OhlcvColumns {
  if (intervalMs(to) <= intervalMs(from)) throw new ResampleError(`Cannot resample ${from} to ${to}: the target must be a longer interval`);
  const n = src.openTime.length;
  const out = { openTime: [] as number[], open: [] as number[], high: [] as number[], low: [] as number[], close: [] as number[], volume: [] as number[] };
  let i = 0;
  while (i < n) {
    const bucket = alignDown(to, src.openTime[i]);
    const end = nextOpenTime(to, bucket);
    let high = -Infinity;
    let low = Infinity;
    let volume = 0;
    const first = i;
    while (i < n && src.openTime[i] < end) {
      if (src.high[i] > high) high = src.high[i];
      if (src.low[i] < low) low = src.low[i];
      volume += src.volume[i];
      i++;
    }
    if (!options.allowPartial && i - first !== countOpenTimes(from, bucket, end)) continue;
    out.openTime.push(bucket);
    out.open.push(src.open[first]);
    out.high.push(high);
    out.low.push(low);
    out.close.push(src.close[i - 1]);
    out.volume.push(volume);
  }
  return {
    openTime: Float64Array.from(out.openTime),
    open: Float64Array.from(out.open),
    high: Float64Array.from(out.high),
    low: Float64Array.from(out.low),
    close: Float64Array.from(out.close),
    volume: Float64Array.from(out.volume),
  };
}

/** Builds and stores `to` bars from stored `from` bars in [fromMs, toMs); returns bars inserted. */
export async function resampleStored(pool: Pool, symbol: string, from: Interval, to: Interval, fromMs: number, toMs: number): Promise<number> {
  const src = await loadCandles(pool, symbol, from, alignDown(to, fromMs), toMs);
  return insertCandles(pool, symbol, to, resampleColumns(src, from, to));
}
