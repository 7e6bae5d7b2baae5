import type { CandleSeries } from './contract.ts';

/**
 * Where higher-timeframe buckets start and end. The engine's own calendar is fixed-length buckets
 * aligned to the epoch; the market-data layer passes the exchange's calendar (Monday weeks,
 * calendar months) through the same interface.
 */
export interface BucketCalendar {
  /** Nominal bucket length, stored as the resampled series' intervalMs. */
  readonly intervalMs: number;
  /** Open time of the bucket holding time t. */
  bucketStart(t: number): number;
  /** Open time of the bucket after the one opening at `start`. */
  nextBucket(start: number): number;
}

/** Buckets of `intervalMs` aligned to multiples of it since the epoch, shifted by `offsetMs`. */
export function fixedBuckets(intervalMs: number, offsetMs = 0): BucketCalendar {
  return {
    intervalMs,
    bucketStart: (t) => Math.floor((t - offsetMs) / intervalMs) * intervalMs + offsetMs,
    nextBucket: (start) => start + intervalMs,
  };
}

export interface ResampleOptions {
  /**
   * A bucket some of whose base bars are missing (a gap in the data, or the data starting or ending
   * inside it): 'keep' (default) builds it from the bars that exist, as a strategy's higher-timeframe
   * view needs (it becomes visible once its time has passed); 'drop' leaves it out, so a missing base
   * bar becomes a missing higher bar that a gap policy can judge, instead of a bar whose high, low
   * and volume silently miss part of the period.
   */
  readonly partialBuckets?: 'keep' | 'drop';
}

export interface HigherTimeframe {
  /** Higher-timeframe candles built from the base candles, one per bucket of the calendar. */
  readonly series: CandleSeries;
  /**
   * visibleAt[i] = index of the last higher candle that has closed by the close of base bar i
   * (bucket end <= openTime[i] + base.intervalMs), or −1. Reading the higher series only
   * through this map is what keeps a multi-timeframe strategy free of look-ahead: the 1h candle that
   * contains base bar i is not visible until its last 5m bar has closed.
   */
  readonly visibleAt: Int32Array;
}

/**
 * Resamples base candles into a higher timeframe: open = first open, high = max, low = min,
 * close = last close, volume = sum over the base bars in each bucket (the same rule as the exchange's
 * own klines, so a 1h bar resampled from complete 5m bars equals Binance's 1h bar). With a plain
 * interval in ms the buckets align to multiples of it since the epoch (UTC): weekly buckets then start
 * on a Thursday; pass a calendar when the weekday matters. Partial buckets follow `partialBuckets`.
 */
export function resample(base: CandleSeries, to: number | BucketCalendar, options: ResampleOptions = {}): HigherTimeframe {
  const calendar = typeof to === 'number' ? fixedBuckets(to) : to;
  if (!(calendar.intervalMs > base.intervalMs) || calendar.intervalMs % base.intervalMs !== 0) {
    throw new Error(`cannot resample ${base.symbol} from ${base.intervalMs} ms to ${calendar.intervalMs} ms: the higher interval must be a larger multiple of the base interval`);
  }
  const dropPartial = options.partialBuckets === 'drop';
  const n = base.length;
  // At most one bucket per base bar: fill oversized columns in one pass, then trim.
  const openTime = new Float64Array(n), open = new Float64Array(n), high = new Float64Array(n);
  const low = new Float64Array(n), close = new Float64Array(n), volume = new Float64Array(n), closeTime = new Float64Array(n);
  let m = 0;
  for (let i = 0; i < n; ) {
    const start = calendar.bucketStart(base.openTime[i]);
    const end = calendar.nextBucket(start);
    if ((end - start) % base.intervalMs !== 0) {
      throw new Error(`cannot resample ${base.symbol}: the bucket at ${start} is not a whole number of ${base.intervalMs} ms bars`);
    }
    const first = i;
    let hi = base.high[i], lo = base.low[i], vol = 0;
    for (; i < n && base.openTime[i] < end; i++) {
      if (base.high[i] > hi) hi = base.high[i];
      if (base.low[i] < lo) lo = base.low[i];
      vol += base.volume[i];
    }
    if (dropPartial && (i - first) * base.intervalMs !== end - start) continue;
    openTime[m] = start;
    closeTime[m] = end;
    open[m] = base.open[first];
    high[m] = hi;
    low[m] = lo;
    close[m] = base.close[i - 1];
    volume[m] = vol;
    m++;
  }
  const visibleAt = new Int32Array(n);
  let k = -1;
  for (let i = 0; i < n; i++) {
    const baseClose = base.openTime[i] + base.intervalMs;
    while (k + 1 < m && closeTime[k + 1] <= baseClose) k++;
    visibleAt[i] = k;
  }
  const series: CandleSeries = {
    symbol: base.symbol,
    intervalMs: calendar.intervalMs,
    length: m,
    openTime: openTime.slice(0, m),
    open: open.slice(0, m),
    high: high.slice(0, m),
    low: low.slice(0, m),
    close: close.slice(0, m),
    volume: volume.slice(0, m),
  };
  return { series, visibleAt };
}
