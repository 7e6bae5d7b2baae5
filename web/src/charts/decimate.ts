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
