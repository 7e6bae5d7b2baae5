import { periodIndicator } from './descriptor.ts';
import { exactWarmup } from './warmup-bars.ts';
import { windowedOutput } from './warmup.ts';

export interface RollingRange {
  /** Highest of `high` over the window (empty when no `high` was given). */
  readonly upper: Float64Array;
  /** Lowest of `low` over the window (empty when no `low` was given). */
  readonly lower: Float64Array;
}

const NONE = new Float64Array(0);

/**
 * Highest high and lowest low of the last `period` bars in O(1) per bar, whatever the data (van Herk /
 * Gil-Werman): cut the series into blocks of `period` bars; a window ending at i in a block covers the
 * tail of the block before, from i − period + 1, and this block's head up to i, so its extreme is the
 * larger of that tail's extreme (a suffix extreme of the block before) and the head's (a running prefix
 * extreme). Block by block: the suffix extremes of the block just done go to a buffer of `period` + 1
 * slots that stays in cache, then one pass over the block writes the outputs. No data-dependent branches;
 * both extremes in the same passes (stochastic, Williams %R, Donchian, Ichimoku); either series may be
 * left out. The windows start where the (first given) series is defined.
 */
export function rollingRange(high: Float64Array | null, low: Float64Array | null, period: number): RollingRange {
  const lead = high ?? low;
  if (lead === null) throw new Error('rollingRange needs a high or a low series');
  const { res, start, first } = windowedOutput(high !== null ? 'highest' : 'lowest', lead, period);
  const n = lead.length;
  const upper = high !== null ? res : NONE;
  const lower = low === null ? NONE : high === null ? res : new Float64Array(n).fill(NaN, 0, Math.min(first, n));
  if (first >= n) return { upper, lower };
  // tailHigh[k]: highest of the block before from its offset k to its end; slot `period` (no tail) stays −∞.
  const tailHigh = new Float64Array(period + 1).fill(-Infinity);
  const tailLow = new Float64Array(period + 1).fill(Infinity);
  for (let block = start; block < n; block += period) {
    if (block > start) {
      let hh = -Infinity, ll = Infinity;
      for (let k = period - 1; k >= 0; k--) {
        if (high !== null) tailHigh[k] = hh = Math.max(hh, high[block - period + k]);
        if (low !== null) tailLow[k] = ll = Math.min(ll, low[block - period + k]);
      }
    }
    const end = Math.min(block + period, n);
    let hh = -Infinity, ll = Infinity;
    for (let i = block; i < end; i++) {
      if (high !== null) hh = Math.max(hh, high[i]);
      if (low !== null) ll = Math.min(ll, low[i]);
      if (i < first) continue; // only in the first block, which has no block before
      // The window's tail in the block before starts at offset i + 1 − block of it.
      const k = i + 1 - block;
      if (high !== null) upper[i] = Math.max(tailHigh[k], hh);
      if (low !== null) lower[i] = Math.min(tailLow[k], ll);
    }
  }
  return { upper, lower };
}

/** Highest of the last `period` values. */
export function highest(src: Float64Array, period: number): Float64Array {
  return rollingRange(src, null, period).upper;
}

/** Lowest of the last `period` values. */
export function lowest(src: Float64Array, period: number): Float64Array {
  return rollingRange(null, src, period).lower;
}

export const HIGHEST = periodIndicator({
  name: 'highest',
  description: 'Highest value of the last `period` bars.',
  period: { default: 20, description: 'Bars searched' },
  source: 'high',
  kernel: (src, period) => highest(src, period),
  warmup: (period) => exactWarmup(period - 1),
});

export const LOWEST = periodIndicator({
  name: 'lowest',
  description: 'Lowest value of the last `period` bars.',
  period: { default: 20, description: 'Bars searched' },
  source: 'low',
  kernel: (src, period) => lowest(src, period),
  warmup: (period) => exactWarmup(period - 1),
});
