import { fixedBuckets, type BucketCalendar } from '../resample.ts';
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
  if (!(anchorMs >= 0)) throw new Error(`VWAP anchor must be >= 0 ms, got ${anchorMs}`);
  const n = src.length;
  const res = output(n, out);
  const start = firstFinite(src);
  res.fill(NaN, 0, Math.min(start, n));
  if (start < n) vwapLoop(openTime, src, volume, anchorMs > 0 ? fixedBuckets(anchorMs) : null, start, res);
  return res;
}

/**
 * vwap's single pass from `start`: the session's end is kept as a running boundary, so a bar costs one
 * comparison of its open time, and the calendar is asked only when a session begins.
 */
function vwapLoop(openTime: Float64Array, src: Float64Array, volume: Float64Array, calendar: BucketCalendar | null, start: number, res: Float64Array): void {
  const n = src.length;
  let sessionEnd = -Infinity;
  let base = src[start], weighted = 0, volumeSum = 0;
  for (let i = start; i < n; i++) {
    // A bar whose open time reaches the session's end begins the next session (never with a single session).
    if (calendar !== null && openTime[i] >= sessionEnd) {
      sessionEnd = calendar.nextBucket(calendar.bucketStart(openTime[i]));
      base = src[i];
      weighted = 0;
      volumeSum = 0;
    }
    const v = volume[i];
    weighted += (src[i] - base) * v;
    volumeSum += v;
    res[i] = volumeSum > 0 ? base + weighted / volumeSum : src[i];
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
  compute: ({ candles, source }, p) => ({ value: vwap(candles.openTime, source, candles.volume, p.anchorMinutes * MINUTE_MS) }),
});
