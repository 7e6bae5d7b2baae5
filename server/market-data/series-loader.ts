import type { Pool } from 'pg';
import { type CandleSeries, resample } from '../engine/index.ts';
import { loadCandles } from './candle-store.ts';
import { INTERVALS, type Interval, alignDown, alignUp, bucketCalendar, countOpenTimes, divides, intervalMs } from '../../domain/intervals.ts';

/**
 * Candles of any interval from what is stored: the interval itself when it is stored, otherwise
 * resampled on load from a shorter stored one, so a store holding 5m serves 15m, 1h, 4h, 1d and
 * months as well. Resampling drops a bucket with a missing base bar (engine/resample.ts
 * `partialBuckets: 'drop'`): that bar is then missing at the requested interval too, and the gap
 * policy judges it like any other gap.
 */

export interface BaseIntervalChoice {
  readonly interval: Interval;
  /** It holds every closed bar of the range. */
  readonly complete: boolean;
}

export interface LoadedSeries {
  readonly series: CandleSeries;
  /** The stored interval the series was built from (the requested one when stored), or null when nothing usable is stored. */
  readonly baseInterval: Interval | null;
}

/**
 * The stored interval to build `target` bars with open time in [fromMs, toMs) from: among the stored
 * intervals that tile `target` (itself included), the one holding the largest share of the range's
 * closed bars; on a tie the longest, which has the fewest bars to load and merge. Bars that have not
 * closed by `nowMs` cannot be stored yet, so they do not count as missing.
 */
export async function chooseBaseInterval(pool: Pool, symbol: string, target: Interval, fromMs: number, toMs: number, nowMs: number): Promise<BaseIntervalChoice | null> {
  const from = alignUp(target, fromMs);
  const closedTo = Math.min(alignUp(target, toMs), alignDown(target, nowMs));
  if (from >= closedTo) return null;
  const candidates = INTERVALS.filter((base) => divides(base, target));
  const { rows } = await pool.query<{ interval: Interval; n: string }>(
    `SELECT interval, count(*) AS n FROM candle
     WHERE symbol = $1 AND interval = ANY($2::text[]) AND open_time >= $3 AND open_time < $4 GROUP BY interval`,
    [symbol, candidates, String(from), String(closedTo)],
  );
  let best: { interval: Interval; share: number } | null = null;
  for (const row of rows) {
    const share = Number(row.n) / countOpenTimes(row.interval, from, closedTo);
    if (!best || share > best.share || (share === best.share && intervalMs(row.interval) > intervalMs(best.interval))) best = { interval: row.interval, share };
  }
  return best && { interval: best.interval, complete: best.share >= 1 };
}

/** `interval` candles with open time in [fromMs, toMs), from the best stored base interval. */
export async function loadSeries(pool: Pool, symbol: string, interval: Interval, fromMs: number, toMs: number, nowMs: number): Promise<LoadedSeries> {
  const choice = await chooseBaseInterval(pool, symbol, interval, fromMs, toMs, nowMs);
  if (!choice || choice.interval === interval) {
    return { series: await loadCandles(pool, symbol, interval, fromMs, toMs), baseInterval: choice && interval };
  }
  // The base bars of every requested bar: from the first requested bar's open to the last one's close.
  const base = await loadCandles(pool, symbol, choice.interval, alignUp(interval, fromMs), alignUp(interval, toMs));
  const { series } = resample(base, bucketCalendar(interval), { partialBuckets: 'drop' });
  return { series, baseInterval: choice.interval };
}
