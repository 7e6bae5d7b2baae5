import type { OhlcvColumns } from '../candles.ts';
import { fixedBuckets, type BucketCalendar } from '../resample.ts';
import { typicalPrice } from './candle-fields.ts';
import { defineIndicator, VALUE_OUTPUT } from './descriptor.ts';
import { exactWarmup } from './warmup-bars.ts';
import { firstFinite, output } from './warmup.ts';

const MINUTE_MS = 60_000;

/**
 * Volume-weighted average price, anchored: Σ(price × volume)/Σ volume since the session began. Sessions
 * are fixed periods of `anchorMs` aligned to the epoch (the engine's calendar: 1,440 minutes are UTC days;
 * 10,080 minutes are weeks that begin on Thursday 00:00 UTC, as ctx.higherTimeframe's); 0 never resets
 * (technicalindicators' cumulative VWAP). Computed as p0 + Σ((price − p0) × volume)/Σ volume with p0 the
 * session's first price, which is exact on a session of one price; a session without volume yet gives its price.
 */
export function vwap(openTime: Float64Array, src: Float64Array, volume: Float64Array, anchorMs: number, out?: Float64Array): Float64Array {
  return vwapOf(openTime, { series: src, high: src, low: src, close: src, typical: false }, volume, anchorMs, out);
}

/** vwap of the typical price (hlc3), computed per bar from the candles' columns: the same values without a column of it. */
export function vwapOfTypicalPrice(candles: OhlcvColumns, anchorMs: number, out?: Float64Array): Float64Array {
  const { high, low, close } = candles;
  return vwapOf(candles.openTime, { series: close, high, low, close, typical: true }, candles.volume, anchorMs, out);
}

/** A session's prices: `series`, or when `typical`, the typical price of high, low and close. */
interface Prices {
  readonly series: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly typical: boolean;
}

function vwapOf(openTime: Float64Array, prices: Prices, volume: Float64Array, anchorMs: number, out?: Float64Array): Float64Array {
  if (!(anchorMs >= 0)) throw new Error(`VWAP anchor must be >= 0 ms, got ${anchorMs}`);
  const n = prices.series.length;
  const res = output(n, out);
  const start = prices.typical ? firstFiniteTypicalPrice(prices) : firstFinite(prices.series);
  res.fill(NaN, 0, Math.min(start, n));
  if (start < n) vwapLoop(openTime, prices, volume, anchorMs > 0 ? fixedBuckets(anchorMs) : null, start, res);
  return res;
}

function firstFiniteTypicalPrice({ high, low, close }: Prices): number {
  let i = 0;
  while (i < close.length && !Number.isFinite(typicalPrice(high[i], low[i], close[i]))) i++;
  return i;
}

/**
 * vwap's pass from `start`, a session at a time. Open times ascend, so a session's end is found by a galloping
 * search instead of a comparison every bar, and the bars of a session run through a loop with nothing to decide.
 */
function vwapLoop(openTime: Float64Array, prices: Prices, volume: Float64Array, calendar: BucketCalendar | null, start: number, res: Float64Array): void {
  const n = res.length;
  for (let from = start; from < n; ) {
    const to = calendar === null ? n : sessionEndIndex(openTime, calendar, from);
    vwapSession(prices, volume, from, to, res);
    from = to;
  }
}

/** The first index after `from` whose open time reaches the end of the session `from` opens (n if none). */
function sessionEndIndex(openTime: Float64Array, calendar: BucketCalendar, from: number): number {
  const n = openTime.length;
  const sessionEnd = calendar.nextBucket(calendar.bucketStart(openTime[from]));
  let inside = from, step = 1;
  while (inside + step < n && openTime[inside + step] < sessionEnd) {
    inside += step;
    step *= 2;
  }
  let after = Math.min(inside + step, n);
  while (after - inside > 1) {
    const mid = (inside + after) >>> 1;
    if (openTime[mid] < sessionEnd) inside = mid;
    else after = mid;
  }
  return after;
}

/**
 * One session's bars [from, to). Until the session has volume each bar gives its own price; from then on the
 * volume sum stays positive (volumes are never negative), so the division needs no guard. The price source is
 * the same for every bar of a call, so the test of `typical` costs a predicted branch, not a column.
 */
function vwapSession({ series, high, low, close, typical }: Prices, volume: Float64Array, from: number, to: number, res: Float64Array): void {
  const base = typical ? typicalPrice(high[from], low[from], close[from]) : series[from];
  let weighted = 0, volumeSum = 0, i = from;
  for (; i < to && !(volumeSum > 0); i++) {
    const price = typical ? typicalPrice(high[i], low[i], close[i]) : series[i];
    const v = volume[i];
    weighted += (price - base) * v;
    volumeSum += v;
    res[i] = volumeSum > 0 ? base + weighted / volumeSum : price;
  }
  for (; i < to; i++) {
    const v = volume[i];
    weighted += ((typical ? typicalPrice(high[i], low[i], close[i]) : series[i]) - base) * v;
    volumeSum += v;
    res[i] = base + weighted / volumeSum;
  }
}

export const VWAP = defineIndicator({
  name: 'vwap',
  description: 'Volume-weighted average price since the session began (UTC days by default).',
  source: { default: 'hlc3', description: 'Price weighted by volume (the typical price by default)' },
  candles: ['openTime', 'volume'],
  params: [
    { name: 'anchorMinutes', label: 'Session length', unit: 'minutes', type: 'int', default: 1440, min: 0, max: 43_200, step: 1, description: 'Session length in minutes, aligned to the epoch (1440: UTC days); 0 never resets' },
  ],
  outputs: VALUE_OUTPUT,
  // A value depends on the bars since its session began, so it is exact from the first session that
  // begins inside the data: at most one session of bars after the first.
  warmup: (p, context) =>
    p.anchorMinutes === 0 ? { bars: 0, exact: true, cumulative: true } : exactWarmup(Math.max(0, Math.ceil((p.anchorMinutes * MINUTE_MS) / context.intervalMs) - 1)),
  // Of the typical price (its default source) the kernel reads high, low and close itself: no column is made for it.
  compute: (inputs, p) => {
    const anchorMs = p.anchorMinutes * MINUTE_MS;
    const { candles } = inputs;
    return { value: inputs.sourceField === 'hlc3' ? vwapOfTypicalPrice(candles, anchorMs) : vwap(candles.openTime, inputs.source, candles.volume, anchorMs) };
  },
});
