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
 * Gil-Werman): cut the series into blocks of `period` bars; a window ending at i covers the tail of one
 * block from i − period + 1 and the head of the next up to i, so its extreme is the larger of the
 * block-suffix extreme at i − period + 1 and the block-prefix extreme at i. Two passes without
 * data-dependent branches, both extremes in the same passes (stochastic, Williams %R, Donchian, Ichimoku);
 * either series may be left out. The windows start where the (first given) series is defined.
 */
export function rollingRange(high: Float64Array | null, low: Float64Array | null, period: number): RollingRange {
  const lead = high ?? low;
  if (lead === null) throw new Error('rollingRange needs a high or a low series');
  const { res, start, first } = windowedOutput(high !== null ? 'highest' : 'lowest', lead, period);
  const n = lead.length;
  const upper = high !== null ? res : NONE;
  const lower = low === null ? NONE : high === null ? res : new Float64Array(n).fill(NaN, 0, Math.min(first, n));
  if (first >= n) return { upper, lower };
  const suffixHigh = high !== null ? new Float64Array(n) : NONE;
  const suffixLow = low !== null ? new Float64Array(n) : NONE;
  for (let block = start; block < n; block += period) {
    let hh = -Infinity, ll = Infinity;
    for (let i = Math.min(block + period, n) - 1; i >= block; i--) {
      if (high !== null) suffixHigh[i] = hh = Math.max(hh, high[i]);
      if (low !== null) suffixLow[i] = ll = Math.min(ll, low[i]);
    }
  }
  for (let block = start; block < n; block += period) {
    const end = Math.min(block + period, n);
    let hh = -Infinity, ll = Infinity;
    for (let i = block; i < end; i++) {
      if (high !== null) hh = Math.max(hh, high[i]);
      if (low !== null) ll = Math.min(ll, low[i]);
      if (i >= first) {
        if (high !== null) upper[i] = Math.max(suffixHigh[i - period + 1], hh);
        if (low !== null) lower[i] = Math.min(suffixLow[i - period + 1], ll);
      }
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
