import { checkPeriod, firstFinite, output } from './warmup.ts';

/**
 * Simple moving average (TA-Lib SMA): out[i] = mean(src[i-period+1..i]); NaN before that.
 * Rolling sum, re-summed exactly every 4096 bars so floating-point drift cannot build up on long series.
 */
export function sma(src: Float64Array, period: number, out?: Float64Array): Float64Array {
  checkPeriod('SMA', period);
  const n = src.length;
  const res = output(n, out);
  const start = firstFinite(src);
  const first = start + period - 1;
  res.fill(NaN, 0, Math.min(first, n));
  if (first >= n) return res;
  let sum = 0;
  for (let i = start; i <= first; i++) sum += src[i];
  res[first] = sum / period;
  for (let i = first + 1; i < n; i++) {
    if (((i - first) & 4095) === 0) {
      sum = 0;
      for (let j = i - period + 1; j <= i; j++) sum += src[j];
    } else {
      sum += src[i] - src[i - period];
    }
    res[i] = sum / period;
  }
  return res;
}
