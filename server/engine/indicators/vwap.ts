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
 * vwap's pass from `start`, a session at a time. Open times ascend, so a session's end is found by a galloping
 * search instead of a comparison every bar, and the bars of a session run through a loop with nothing to decide.
 */
function vwapLoop(openTime: Float64Array, src: Float64Array, volume: Float64Array, calendar: BucketCalendar | null, start: number, res: Float64Array): void {
  const n = src.length;
  for (let from = start; from < n; ) {
    const to = calendar === null ? n : sessionEndIndex(openTime, calendar, from);
    vwapSession(src, volume, from, to, res);
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
 * volume sum stays positive (volumes are never negative), so the division needs no guard.
 */
function vwapSession(src: Float64Array, volume: Float64Array, from: number, to: number, res: Float64Array): void {
  const base = src[from];
  let weighted = 0, volumeSum = 0, i = from;
  for (; i < to && !(volumeSum > 0); i++) {
    const v = volume[i];
    weighted += (src[i] - base) * v;
    volumeSum += v;
    res[i] = volumeSum > 0 ? base + weighted / volumeSum : src[i];
  }
  for (; i < to; i++) {
    const v = volume[i];
    weighted += (src[i] - base) * v;
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
  compute: ({ candles, source }, p) => ({ value: vwap(candles.openTime, source, candles.volume, p.anchorMinutes * MINUTE_MS) }),
});
