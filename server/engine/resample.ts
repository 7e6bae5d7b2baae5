import type { CandleSeries } from './contract.ts';

export interface HigherTimeframe {
  /** Higher-timeframe candles built from the base candles, buckets aligned to multiples of intervalMs since the epoch (UTC). */
  readonly series: CandleSeries;
  /**
   * visibleAt[i] = index of the last higher candle that has closed by the close of base bar i
   * (bucketStart + intervalMs <= openTime[i] + base.intervalMs), or −1. Reading the higher series only
   * through this map is what keeps a multi-timeframe strategy free of look-ahead: the 1h candle that
   * contains base bar i is not visible until its last 5m bar has closed.
   */
  readonly visibleAt: Int32Array;
}

/**
 * Resamples base candles into a higher timeframe: open = first open, high = max, low = min,
 * close = last close, volume = sum over the base bars in each bucket. A bucket with missing base bars is
 * still built from what exists and becomes visible once its time has passed. Weekly buckets align to
 * the epoch (a Thursday); use day multiples below that if the weekday matters.
 */
export function resample(base: CandleSeries, intervalMs: number): HigherTimeframe {
  if (!(intervalMs > base.intervalMs) || intervalMs % base.intervalMs !== 0) {
    throw new Error(`cannot resample ${base.symbol} from ${base.intervalMs} ms to ${intervalMs} ms: the higher interval must be a larger multiple of the base interval`);
  }
  const n = base.length;
  // First pass: count buckets so the columns are allocated once.
  let buckets = 0;
  let lastBucket = NaN;
  for (let i = 0; i < n; i++) {
    const b = Math.floor(base.openTime[i] / intervalMs) * intervalMs;
    if (b !== lastBucket) {
      buckets++;
      lastBucket = b;
    }
  }
  const openTime = new Float64Array(buckets), open = new Float64Array(buckets), high = new Float64Array(buckets);
  const low = new Float64Array(buckets), close = new Float64Array(buckets), volume = new Float64Array(buckets);
  let j = -1;
  lastBucket = NaN;
  for (let i = 0; i < n; i++) {
    const b = Math.floor(base.openTime[i] / intervalMs) * intervalMs;
    if (b !== lastBucket) {
      j++;
      lastBucket = b;
      openTime[j] = b;
      open[j] = base.open[i];
      high[j] = base.high[i];
      low[j] = base.low[i];
      volume[j] = 0;
    } else {
      if (base.high[i] > high[j]) high[j] = base.high[i];
      if (base.low[i] < low[j]) low[j] = base.low[i];
    }
    close[j] = base.close[i];
    volume[j] += base.volume[i];
  }
  const visibleAt = new Int32Array(n);
  let k = -1;
  for (let i = 0; i < n; i++) {
    const baseClose = base.openTime[i] + base.intervalMs;
    while (k + 1 < buckets && openTime[k + 1] + intervalMs <= baseClose) k++;
    visibleAt[i] = k;
  }
  const series: CandleSeries = { symbol: base.symbol, intervalMs, length: buckets, openTime, open, high, low, close, volume };
  return { series, visibleAt };
}
