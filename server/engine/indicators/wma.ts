import { periodIndicator } from './descriptor.ts';
import { SPLITTER, roundedQuotient, splitDivisor } from './exact-sum.ts';
import { exactWarmup } from './warmup-bars.ts';
import { checkPeriod, firstFinite, output } from './warmup.ts';

/** Above this the weights' products with the values are no longer exact in the split used below. */
const MAX_WMA_PERIOD = 1 << 26;

/**
 * Weighted moving average (TA-Lib WMA): weights 1..period, the newest value heaviest, divided by
 * period(period+1)/2. Rolling in O(1) per bar: numerator' = numerator − (previous window's sum) + period·x.
 * Numerator and sum are kept exactly as double-doubles (exact-sum.ts; period·x through Dekker's product),
 * so the quotient is rounded once from the exact weighted sum: equal values give exactly that value.
 */
export function wma(src: Float64Array, period: number, out?: Float64Array): Float64Array {
  checkPeriod('WMA', period);
  if (period > MAX_WMA_PERIOD) throw new Error(`WMA period must be at most ${MAX_WMA_PERIOD}, got ${period}`);
  const n = src.length;
  const res = output(n, out);
  const start = firstFinite(src);
  const first = start + period - 1;
  res.fill(NaN, 0, Math.min(first, n));
  if (first >= n) return res;
  const divisor = (period * (period + 1)) / 2;
  const inverse = 1 / divisor;
  const [dh, dl] = splitDivisor(divisor);
  let sumHi = 0, sumLo = 0, numHi = 0, numLo = 0;
  for (let i = start; i < n; i++) {
    const x = src[i];
    // period·x = p + pe exactly (x split in halves of <= 26 bits, period below 2^26).
    const p = period * x;
    const c = SPLITTER * x;
    const xh = c - (c - x);
    const pe = period * xh - p + period * (x - xh);
    // p − sum = u + ue exactly; numerator + u = t + te exactly.
    const u = p - sumHi;
    const bu = u - p;
    const ue = p - (u - bu) - (sumHi + bu);
    const t = numHi + u;
    const bt = t - numHi;
    numLo += numHi - (t - bt) + (u - bt) + ue + pe - sumLo;
    numHi = t + numLo;
    numLo -= numHi - t;
    // The window's sum, as in windowSum.
    const y = i - period >= start ? src[i - period] : 0;
    const d = x - y;
    const bd = d - x;
    const de = x - (d - bd) - (y + bd);
    const s = sumHi + d;
    const b = s - sumHi;
    sumLo += sumHi - (s - b) + (d - b) + de;
    sumHi = s + sumLo;
    sumLo -= sumHi - s;
    if (i >= first) res[i] = roundedQuotient(numHi, numLo, divisor, inverse, dh, dl);
  }
  return res;
}

export const WMA = periodIndicator({
  name: 'wma',
  description: 'Weighted moving average: weights 1..period, the newest value heaviest.',
  period: { default: 20, description: 'Bars weighted' },
  kernel: (src, period) => wma(src, period),
  warmup: (period) => exactWarmup(period - 1),
});
