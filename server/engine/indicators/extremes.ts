import { periodIndicator } from './descriptor.ts';
import { exactWarmup } from './warmup-bars.ts';
import { checkPeriod, firstFinite } from './warmup.ts';

export interface RollingRange {
  /** Highest of `high` over the window. */
  readonly upper: Float64Array;
  /** Lowest of `low` over the window. */
  readonly lower: Float64Array;
}

/**
 * Highest high and lowest low of the last `period` bars (stochastic, Williams %R, Donchian, Ichimoku). The
 * windows start where `high` is defined.
 */
export function rollingRange(high: Float64Array, low: Float64Array, period: number): RollingRange {
  const start = firstFinite(high);
  return { upper: rollingExtreme('highest', high, period, 1, start), lower: rollingExtreme('lowest', low, period, -1, start) };
}

/**
 * sign × the highest of sign × the last `period` values from `start` on, in O(1) per bar whatever the data
 * (van Herk / Gil-Werman): sign 1 is the highest, sign −1 the lowest (negation is exact, so −max(−a, −b) is
 * min(a, b) bit for bit). One kernel for both keeps its call sites and element loads of one type, so the JIT
 * compiles a single tight loop. Cut the series into blocks of `period` bars; a window ending at i in a block
 * covers the tail of the block before, from i − period + 1, and this block's head up to i, so its extreme is
 * the larger of that tail's extreme (a suffix extreme of the block before) and the head's (a running prefix
 * extreme). Block by block: the suffix extremes of the block just done go to a buffer of `period` + 1 slots
 * * that stays in cache, then one pass over the block writes the outputs.
 */
function rollingExtreme(name: string, src: Float64Array, period: number, sign: 1 | -1, start: number): Float64Array {
  checkPeriod(name, period);
  const first = start + period - 1;
  const res = new Float64Array(src.length).fill(NaN, 0, Math.min(first, src.length));
  // tail[k]: sign × the highest of sign × the block before from its offset k to its end; slot `period` (no tail) stays −∞.
  if (first < src.length) rollingExtremeLoop(src, period, sign, start, first, new Float64Array(period + 1).fill(-Infinity), res);
  return res;
}

/** rollingExtreme's loop alone: no calls but Math's, so the JIT needs no call feedback from a first, long call. */
function rollingExtremeLoop(src: Float64Array, period: number, sign: number, start: number, first: number, tail: Float64Array, res: Float64Array): void {
  const n = src.length;
  for (let block = start; block < n; block += period) {
    if (block > start) {
      let suffix = -Infinity;
      for (let k = period - 1; k >= 0; k--) tail[k] = suffix = Math.max(suffix, sign * src[block - period + k]);
    }
    const end = Math.min(block + period, n);
    let prefix = -Infinity;
    // Only the first block, which has no block before, has bars before `first`.
    for (let i = block; i < Math.min(end, first); i++) prefix = Math.max(prefix, sign * src[i]);
    for (let i = Math.max(block, first); i < end; i++) {
      prefix = Math.max(prefix, sign * src[i]);
      // The window's tail in the block before starts at offset i + 1 − block of it.
      res[i] = sign * Math.max(tail[i + 1 - block], prefix);
    }
  }
}

/** Highest of the last `period` values. */
export function highest(src: Float64Array, period: number): Float64Array {
  return rollingExtreme('highest', src, period, 1, firstFinite(src));
}

/** Lowest of the last `period` values. */
export function lowest(src: Float64Array, period: number): Float64Array {
  return rollingExtreme('lowest', src, period, -1, firstFinite(src));
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
