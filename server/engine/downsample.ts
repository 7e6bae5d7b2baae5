/**
 * Picks at most maxPoints indices of an equity curve for storage and charts, preserving its shape:
 * min/max buckets. The first and last points are always kept; the interior is cut into
 * floor((maxPoints − 2) / 2) equal buckets and each keeps its lowest and highest value (in time order),
 * so the global minimum and maximum — and every drawdown trough — survive. Returns ascending indices.
 * `timeMs` only has to match `values` in length: buckets are by index because bars are evenly spaced.
 */
export function downsampleEquity(timeMs: Float64Array, values: Float64Array, maxPoints: number): Int32Array {
  const n = values.length;
  if (timeMs.length !== n) throw new Error(`timeMs has ${timeMs.length} points, values ${n}`);
  if (!Number.isInteger(maxPoints) || maxPoints < 4) throw new Error(`maxPoints must be an integer >= 4 (first, last, min, max), got ${maxPoints}`);
  if (n <= maxPoints) {
    const all = new Int32Array(n);
    for (let i = 0; i < n; i++) all[i] = i;
    return all;
  }
  const buckets = Math.floor((maxPoints - 2) / 2);
  const out = new Int32Array(maxPoints);
  let m = 0;
  out[m++] = 0;
  const interior = n - 2;
  for (let b = 0; b < buckets; b++) {
    const from = 1 + Math.floor((b * interior) / buckets);
    const to = 1 + Math.floor(((b + 1) * interior) / buckets);
    if (to <= from) continue;
    let lo = from, hi = from;
    for (let i = from + 1; i < to; i++) {
      if (values[i] < values[lo]) lo = i;
      if (values[i] > values[hi]) hi = i;
    }
    if (lo === hi) out[m++] = lo;
    else if (lo < hi) {
      out[m++] = lo;
      out[m++] = hi;
    } else {
      out[m++] = hi;
      out[m++] = lo;
    }
  }
  out[m++] = n - 1;
  return out.slice(0, m);
}
