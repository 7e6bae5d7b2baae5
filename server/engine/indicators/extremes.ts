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
  const res = new Float64Array(src.length);
  if (first >= src.length) return res.fill(NaN);
  // The fast pass is exact unless it says otherwise; then the plain pass does it again from the start.
  if (!rollingExtremeWithoutBranches(src, period, sign, start, res)) {
    // tail[k]: sign × the highest of sign × the block before from its offset k to its end; slot `period` (no tail) stays −∞.
    rollingExtremeLoop(src, period, sign, start, first, new Float64Array(period + 1).fill(-Infinity), res);
  }
  res.fill(NaN, 0, first);
  return res;
}

/**
 * The same blocks as rollingExtremeLoop, each block's running prefix and suffix extremes taken in one loop
 * (two chains side by side) and without a branch in either chain: max(p, x) = p + (d + |d|)/2 with
 * d = x − p. A comparison there is a data-dependent branch that mispredicts at every new high in the
 * block, and the next step waits on it. When d <= 0 that is exactly p; when d > 0 it is exactly x as long
 * as x − p is exact, which holds whenever x <= 2p for positive values (Sterbenz), so for any window of
 * prices that has not doubled. Each step adds |result − x| × (d + |d|) to a check that is zero only when
 * every step was exact (NaN and infinities make it NaN); returns false otherwise, and the caller redoes
 * the series the plain way. Writes res from `start` on, partial windows included (the caller blanks them).
 */
function rollingExtremeWithoutBranches(src: Float64Array, period: number, sign: number, start: number, res: Float64Array): boolean {
  const n = src.length;
  let previousTail = new Float64Array(period + 1).fill(-Infinity);
  let tail = new Float64Array(period + 1).fill(-Infinity);
  let inexact = 0;
  let block = start;
  for (; block + period <= n; block += period) {
    const last = block + period - 1;
    let prefix = sign * src[block], suffix = sign * src[last];
    res[block] = sign * Math.max(previousTail[1], prefix);
    tail[period - 1] = suffix;
    for (let k = 1; k < period; k++) {
      const x = sign * src[block + k];
      const d = x - prefix;
      const rise = d + Math.abs(d);
      prefix += rise * 0.5;
      inexact += Math.abs(prefix - x) * rise;
      res[block + k] = sign * Math.max(previousTail[k + 1], prefix);
      const y = sign * src[last - k];
      const e = y - suffix;
      const fall = e + Math.abs(e);
      suffix += fall * 0.5;
      inexact += Math.abs(suffix - y) * fall;
      tail[period - 1 - k] = suffix;
    }
    const done = previousTail;
    previousTail = tail;
    tail = done;
  }
  let prefix = -Infinity;
  for (let i = block; i < n; i++) {
    prefix = Math.max(prefix, sign * src[i]);
    res[i] = sign * Math.max(previousTail[i + 1 - block], prefix);
  }
  return inexact === 0;
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
