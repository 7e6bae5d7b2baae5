import { sma } from './sma.ts';
import { checkPeriod } from './warmup.ts';

export interface BollingerOutput {
  readonly middle: Float64Array;
  readonly upper: Float64Array;
  readonly lower: Float64Array;
}

/**
 * Bollinger Bands (TA-Lib BBANDS with SMA): middle = SMA(period), upper/lower = middle ± k × σ where σ is
 * the population standard deviation of the window (divide by period, not period − 1). σ is computed
 * from deviations around the window mean (two-pass per bar) rather than from Σx² − (Σx)²/n, which
 * cancels catastrophically when prices are large and the window is quiet.
 */
export function bollinger(src: Float64Array, period: number, stdDev: number): BollingerOutput {
  checkPeriod('Bollinger', period);
  const n = src.length;
  const middle = sma(src, period);
  const upper = new Float64Array(n);
  const lower = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const m = middle[i];
    if (m !== m) {
      upper[i] = NaN;
      lower[i] = NaN;
      continue;
    }
    let ss = 0;
    for (let j = i - period + 1; j <= i; j++) {
      const d = src[j] - m;
      ss += d * d;
    }
    const band = stdDev * Math.sqrt(ss / period);
    upper[i] = m + band;
    lower[i] = m - band;
  }
  return { middle, upper, lower };
}
