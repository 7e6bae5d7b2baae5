import { windowedOutput } from './warmup.ts';

/**
 * Exact running sums for the windowed kernels. A running sum in one double gains a rounding error at every
 * add and subtract and never loses it: on a flat stretch the "mean" of equal closes then differs from the
 * close by a few units in the last place, and two moving averages that should tie do not (a false crossover).
 * Here the sum is a double-double hi + lo updated with error-free transformations (Knuth's TwoSum), so
 * hi + lo is the window's exact sum whenever that fits in 106 bits from its lowest set bit to its highest,
 * which prices and volumes always do (a 1e5 price × a 1,000-bar window spans under 80 bits); what a value
 * added leaves behind is taken out exactly when it leaves the window. Quotients are then rounded once from
 * the exact sum: a window of equal values averages to exactly that value.
 */

/** 2^27 + 1: Veltkamp's splitter, cuts a double into two halves of at most 26 significant bits. */
export const SPLITTER = 134_217_729;

/**
 * (hi + lo) / divisor rounded once (to within an ulp, and exactly when the quotient is representable).
 * divisorHigh + divisorLow = divisor split by splitDivisor; inverse = 1 / divisor. The first guess
 * q = hi·inverse is corrected by the exact remainder hi + lo − q·divisor (Dekker's product without FMA).
 */
export function roundedQuotient(hi: number, lo: number, divisor: number, inverse: number, divisorHigh: number, divisorLow: number): number {
  const q = hi * inverse;
  const c = SPLITTER * q;
  const qh = c - (c - q);
  const ql = q - qh;
  const p = q * divisor;
  const productError = qh * divisorHigh - p + qh * divisorLow + ql * divisorHigh + ql * divisorLow;
  return q + (hi - p - productError + lo) * inverse;
}

/** [high, low] halves of d for roundedQuotient (done once per kernel call). */
export function splitDivisor(d: number): [number, number] {
  const c = SPLITTER * d;
  const high = c - (c - d);
  return [high, d - high];
}

/**
 * out[i] = (sum of src over the `period` bars ending at i) / divisor, rounded once from the exact sum;
 * NaN until the first window of defined values is full. divisor = period gives the SMA, 1 the rolling sum.
 * One pass; per bar, src[i] − src[i − period] is formed exactly as a pair and added to the double-double sum.
 * `weighted`: the numerator is instead Σ k·x over weights 1..period (newest heaviest), kept exactly as
 * numerator' = numerator − (previous window's sum) + period·x, period·x by Dekker's product (period < 2^26).
 */
export function windowSum(name: string, src: Float64Array, period: number, divisor: number, weighted: boolean, out?: Float64Array): Float64Array {
  const { res, start, first } = windowedOutput(name, src, period, out);
  const n = src.length;
  const inverse = 1 / divisor;
  const [dh, dl] = splitDivisor(divisor);
  let hi = 0, lo = 0, numHi = 0, numLo = 0;
  for (let i = start; i < n; i++) {
    const x = src[i];
    if (weighted) {
      // period·x = p + pe exactly (x cut in halves of <= 26 bits); p − sum = u + ue and numerator + u = t + te exactly.
      const p = period * x;
      const c = SPLITTER * x;
      const xh = c - (c - x);
      const pe = period * xh - p + period * (x - xh);
      const u = p - hi;
      const bu = u - p;
      const ue = p - (u - bu) - (hi + bu);
      const t = numHi + u;
      const bt = t - numHi;
      numLo += numHi - (t - bt) + (u - bt) + ue + pe - lo;
      numHi = t + numLo;
      numLo -= numHi - t;
    }
    const y = i - period >= start ? src[i - period] : 0;
    // d + de = x − y exactly (TwoSum), then s + (hi − (s − b)) + (d − b) = hi + d exactly.
    const d = x - y;
    const bd = d - x;
    const de = x - (d - bd) - (y + bd);
    const s = hi + d;
    const b = s - hi;
    lo += hi - (s - b) + (d - b) + de;
    hi = s + lo;
    lo -= hi - s;
    if (i >= first) {
      // hi is hi + lo rounded (renormalised above): the plain sum needs no division.
      res[i] = weighted ? roundedQuotient(numHi, numLo, divisor, inverse, dh, dl) : divisor === 1 ? hi : roundedQuotient(hi, lo, divisor, inverse, dh, dl);
    }
  }
  return res;
}
