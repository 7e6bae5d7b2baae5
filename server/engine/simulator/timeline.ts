import type { CandleSeries } from '../contract.ts';
import type { IndicatorCache } from '../indicators/cache.ts';

export interface Timeline {
  /** Sorted distinct open times over all symbols: one simulated bar each. */
  readonly timeMs: Float64Array;
  /** barOf[s][t] = index of symbol s's candle at timeline bar t, or −1 when it has none then. */
  readonly barOf: readonly Int32Array[];
}

/** Merges the symbols' open times into the union timeline (k-way merge, O(total bars × symbols)). */
export function buildTimeline(series: readonly CandleSeries[]): Timeline {
  const S = series.length;
  // One symbol (validated: sorted, no duplicates), or several with the same open times (a universe whose
  // pairs are all complete over the range): those open times are the timeline, and bar = candle index for
  // every symbol, one identity map shared by all (it is only read).
  if (S > 0 && series.every((s) => sameOpenTimes(s.openTime, series[0].openTime))) {
    const n = series[0].length;
    const identity = new Int32Array(n);
    for (let t = 0; t < n; t++) identity[t] = t;
    return { timeMs: series[0].openTime.slice(), barOf: series.map(() => identity) };
  }
  const times = series.map((s) => s.openTime);
  const lengths = Int32Array.from(series, (s) => s.length);
  const cursor = new Int32Array(S);
  let total = 0;
  // Count distinct times first so the arrays are allocated once.
  for (;;) {
    const next = earliestAtCursors(times, lengths, cursor);
    if (next === Infinity) break;
    for (let s = 0; s < S; s++) if (cursor[s] < lengths[s] && times[s][cursor[s]] === next) cursor[s]++;
    total++;
  }
  const timeMs = new Float64Array(total);
  const barOf = series.map(() => new Int32Array(total).fill(-1));
  cursor.fill(0);
  for (let t = 0; t < total; t++) {
    const next = earliestAtCursors(times, lengths, cursor);
    timeMs[t] = next;
    for (let s = 0; s < S; s++) {
      if (cursor[s] < lengths[s] && times[s][cursor[s]] === next) barOf[s][t] = cursor[s]++;
    }
  }
  return { timeMs, barOf };
}

function sameOpenTimes(a: Float64Array, b: Float64Array): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The least open time at the symbols' cursors (Infinity when every symbol is used up). */
function earliestAtCursors(times: readonly Float64Array[], lengths: Int32Array, cursor: Int32Array): number {
  let next = Infinity;
  for (let s = 0; s < times.length; s++) if (cursor[s] < lengths[s] && times[s][cursor[s]] < next) next = times[s][cursor[s]];
  return next;
}

/**
 * The timeline of these series from the sweep's cache, built once per set of series (by identity). Shared:
 * callers must not write to it (a result hands out a copy of its open times).
 */
export function cachedTimeline(cache: IndicatorCache, series: readonly CandleSeries[]): Timeline {
  if (series.length === 1) return cache.get(series[0], 'timeline', () => buildTimeline(series));
  // Keyed by the first series and the symbols; the other series' identities are checked, not trusted.
  const key = `timeline:${series.map((s) => s.symbol).join('\u0000')}`;
  let entry = cache.get(series[0], key, () => ({ sources: series, timeline: buildTimeline(series) }));
  if (entry.sources.some((s, i) => s !== series[i])) {
    entry = { sources: series, timeline: buildTimeline(series) };
    cache.set(series[0], key, entry);
  }
  return entry.timeline;
}
