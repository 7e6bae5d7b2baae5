/** Client-side thinning so a chart of a long run stays quick: the server downsamples series, these thin markers. */

/** At most `max` items, evenly spaced, first and last kept. */
export function pickEvenly<T>(items: readonly T[], max: number): T[] {
  if (items.length <= max) return [...items];
  if (max <= 1) return items.slice(0, max);
  const out: T[] = [];
  const step = (items.length - 1) / (max - 1);
  for (let i = 0; i < max; i++) out.push(items[Math.round(i * step)]);
  return out;
}

/** Linear interpolation of a time series at t (clamped to its ends); xs ascending. */
export function valueAt(xs: readonly number[], ys: readonly number[], t: number): number | null {
  const n = xs.length;
  if (n === 0) return null;
  if (t <= xs[0]) return ys[0];
  if (t >= xs[n - 1]) return ys[n - 1];
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] <= t) lo = mid;
    else hi = mid;
  }
  const span = xs[hi] - xs[lo];
  return span === 0 ? ys[lo] : ys[lo] + ((ys[hi] - ys[lo]) * (t - xs[lo])) / span;
}

export interface MarkCluster {
  readonly x: number;
  readonly y: number;
  /** Marks it stands for (1: a single mark). */
  readonly count: number;
}

/**
 * Marks grouped by time: `buckets` equal slices of [fromMs, toMs], one point per non-empty slice at the
 * mean time and value of its marks, with how many it stands for. A chart of 16,000 trades shows about a
 * bucket's worth of points instead of a carpet; zooming in narrows the slices until each mark stands alone.
 */
export function clusterMarks(marks: ReadonlyArray<{ x: number; y: number | null }>, fromMs: number, toMs: number, buckets: number): MarkCluster[] {
  const span = toMs - fromMs;
  const sums = new Map<number, { x: number; y: number; count: number }>();
  for (const mark of marks) {
    if (mark.y === null || mark.x < fromMs || mark.x > toMs) continue;
    const bucket = span > 0 ? Math.min(buckets - 1, Math.floor(((mark.x - fromMs) / span) * buckets)) : 0;
    const sum = sums.get(bucket);
    if (sum) {
      sum.x += mark.x;
      sum.y += mark.y;
      sum.count++;
    } else sums.set(bucket, { x: mark.x, y: mark.y, count: 1 });
  }
  return [...sums.entries()].sort((a, b) => a[0] - b[0]).map(([, s]) => ({ x: s.x / s.count, y: s.y / s.count, count: s.count }));
}

/** A cluster's marker radius: a single mark at `base`, growing with the log of the count. */
export const clusterRadius = (count: number, base = 4): number => base + Math.min(4, Math.log2(count));
