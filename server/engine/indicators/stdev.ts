import { periodIndicator } from './descriptor.ts';
import { sma } from './sma.ts';
import { exactWarmup } from './warmup-bars.ts';
import { checkPeriod, output } from './warmup.ts';

/**
 * Rolling population standard deviation (divide by period, as TA-Lib STDDEV and Bollinger Bands):
 * σ = sqrt(Σ (x − mean)² / period) over the window, from deviations around the exact window mean
 * (two passes per bar, O(period)) rather than from Σx² − (Σx)²/n, which cancels catastrophically when
 * values are large and the window quiet. A window of equal values has mean exactly that value
 * (exact-sum.ts), hence σ exactly 0. `mean` may pass an already computed SMA(src, period).
 */
export function rollingStdev(src: Float64Array, period: number, mean: Float64Array = sma(src, period), out?: Float64Array): Float64Array {
  checkPeriod('stdev', period);
  const n = src.length;
  const res = output(n, out);
  for (let i = 0; i < n; i++) {
    const m = mean[i];
    if (m !== m) {
      res[i] = NaN;
      continue;
    }
    let ss = 0;
    for (let j = i - period + 1; j <= i; j++) {
      const d = src[j] - m;
      ss += d * d;
    }
    res[i] = Math.sqrt(ss / period);
  }
  return res;
}

/** (x − mean) / σ over the window; 0 when the window is flat (σ = 0, so x equals the mean). */
export function zScore(src: Float64Array, period: number): Float64Array {
  const mean = sma(src, period);
  const res = rollingStdev(src, period, mean);
  for (let i = 0; i < res.length; i++) {
    const sd = res[i];
    res[i] = sd > 0 ? (src[i] - mean[i]) / sd : sd === 0 ? 0 : NaN;
  }
  return res;
}

export const STDEV = periodIndicator({
  name: 'stdev',
  description: 'Rolling population standard deviation of the last `period` values.',
  period: { default: 20, description: 'Bars in the window' },
  kernel: (src, period) => rollingStdev(src, period),
  warmup: (period) => exactWarmup(period - 1),
});

export const ZSCORE = periodIndicator({
  name: 'zscore',
  description: 'Z-score: (value − rolling mean) / rolling population standard deviation; 0 on a flat window.',
  period: { default: 20, description: 'Bars in the window' },
  kernel: zScore,
  warmup: (period) => exactWarmup(period - 1),
});
